import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A fresh self-signed certificate and its RSA key (PEM), made with openssl for `subject` (`/CN=…`). */
export function selfSignedCertificate(subject: string, days: number): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tls-"));
  const [keyFile, certFile] = [path.join(dir, "tls.key"), path.join(dir, "tls.crt")];
  execFileSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    String(days),
    "-subj",
    subject,
    "-keyout",
    keyFile,
    "-out",
    certFile,
  ]);
  return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}

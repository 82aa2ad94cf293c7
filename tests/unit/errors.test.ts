import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS, toErrorBody } from "@/lib/errors";

describe("AppError", () => {
  it("maps every code to its HTTP status", () => {
    expect(new AppError("NOT_FOUND", "Cluster not found").status).toBe(404);
    expect(new AppError("INVALID_INPUT", "bad", "name").status).toBe(ERROR_STATUS.INVALID_INPUT);
  });

  it("serializes code, message and the field path", () => {
    const body = toErrorBody(
      new AppError("INVALID_INPUT", "users[0].user.exec is not allowed", "users[0].user.exec"),
      "req-1",
    );
    expect(body).toEqual({
      error: {
        code: "INVALID_INPUT",
        message: "users[0].user.exec is not allowed",
        path: "users[0].user.exec",
        requestId: "req-1",
      },
    });
  });

  it("serializes every problem of an input, keeping path as the first problem's", () => {
    const problems = [
      {
        path: "users[2].user.exec",
        message: "The user entry 'eks-prod' runs a command (exec: aws).",
        hint: "Use the Amazon EKS connector.",
        connector: { type: "eks" as const, clusterName: "prod", region: "eu-west-1" },
      },
      { path: "clusters[0].cluster.proxy-url", message: "The cluster entry 'prod' sends its traffic through a proxy." },
    ];
    const body = toErrorBody(new AppError("INVALID_INPUT", "two problems", problems[0]!.path, { problems }), "req-3");
    expect(body).toEqual({
      error: {
        code: "INVALID_INPUT",
        message: "two problems",
        path: "users[2].user.exec",
        problems,
        requestId: "req-3",
      },
    });
    expect(toErrorBody(new AppError("INVALID_INPUT", "one", "name", { problems: [] })).error).not.toHaveProperty(
      "problems",
    );
  });

  it("never exposes an unknown error's message", () => {
    const body = toErrorBody(new Error("connect ECONNREFUSED Authorization: Bearer abc"), "req-2");
    expect(body.error.code).toBe("INTERNAL");
    expect(JSON.stringify(body)).not.toContain("Bearer");
    expect(body.error.message).toContain("req-2");
  });
});

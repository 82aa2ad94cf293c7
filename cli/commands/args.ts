import { parseArgs, type ParseArgsConfig } from "node:util";

/** A usage problem: the command prints it with its usage and exits 2 (nothing was attempted). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Strict parsing: unknown flags, missing values and stray positionals are usage errors naming the flag. */
export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) return `unknown flag ${flag}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag)
    return message.includes("does not take an argument") ? `${flag} does not take a value` : `${flag} needs a value`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
    return `unexpected argument: ${message.split("'")[1] ?? message}`;
  return message;
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`--${flag} is required`);
  return value;
}

/** Validate one flag's value with a zod schema; the message names the flag. */
export function validateFlag<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  flag: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`--${flag}: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

/** Run a command body, turning usage errors into a message plus usage on stderr and exit code 2. */
export async function withUsage(usage: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${usage}`);
    return 2;
  }
}

/** The first line of stdin (a password piped in), without its line break. */
export async function readFirstLine(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let data = "";
  for await (const chunk of stream) {
    data += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    const newline = data.indexOf("\n");
    if (newline >= 0) return data.slice(0, newline).replace(/\r$/, "");
  }
  return data.replace(/\r$/, "");
}

/** `user create ...`: a command group that dispatches on its first argument. */
export function subcommands(group: string, handlers: Record<string, (args: string[]) => Promise<number>>) {
  return async (args: string[]): Promise<number> => {
    const [name, ...rest] = args;
    const handler = name === undefined ? undefined : handlers[name];
    if (!handler) {
      const known = Object.keys(handlers).map((sub) => `${group} ${sub}`);
      console.error(
        `${name === undefined ? "missing" : `unknown`} ${group} command${name ? ` "${name}"` : ""}; try: ${known.join(", ")}`,
      );
      return 2;
    }
    return handler(rest);
  };
}

/** Run with log lines sent to stderr, so stdout carries only the command's result (scripts read it). */
export async function withLogsOnStderr<T>(run: () => Promise<T>): Promise<T> {
  const toStdout = console.log;
  console.log = console.error;
  try {
    return await run();
  } finally {
    console.log = toStdout;
  }
}

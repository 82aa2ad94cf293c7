/**
 * Structured logging: one line per event. Never pass credentials, tokens or Secret values in
 * fields; callers log names and ids only.
 */
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const wanted = process.env.LOG_LEVEL as Level | undefined;
  return order[wanted ?? "info"] ?? order.info;
}

function format(level: Level, message: string, fields: Fields) {
  if (process.env.PILOTHOUSE_LOG_FORMAT === "json") {
    return JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  }
  const extras = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  return `[pilothouse] ${level.padEnd(5)} ${message}${extras ? " " + extras : ""}`;
}

function write(level: Level, message: string, fields: Fields = {}) {
  if (order[level] < threshold()) return;
  const line = format(level, message, fields);
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

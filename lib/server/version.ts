import packageJson from "../../package.json" with { type: "json" };

export const PILOTHOUSE_VERSION: string = packageJson.version;

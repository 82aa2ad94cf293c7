/**
 * Pilothouse admin CLI: `npm run cli -- <command>`. Each command is one file in cli/commands;
 * this file only dispatches and turns errors into a message and an exit code.
 */
import { ConfigError } from "../lib/server/config/env";
import { doctorCommand } from "./commands/doctor";
import { keysRotateCommand } from "./commands/keys-rotate";
import { subcommands } from "./commands/args";
import { migrateCommand } from "./commands/migrate";
import { networksGrantCommand, networksListCommand, networksRevokeCommand } from "./commands/networks";
import { tokenCreateCommand } from "./commands/token-create";
import { userCreateCommand } from "./commands/user-create";

type Command = { summary: string; run: (args: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  migrate: { summary: "apply committed database migrations", run: migrateCommand },
  doctor: { summary: "print configuration, database and version", run: doctorCommand },
  user: {
    summary: "user create --email E --password-stdin [--org NAME --role R]: add a user",
    run: subcommands("user", { create: userCreateCommand }),
  },
  token: {
    summary: "token create --email E --name N [--expires 30d]: print a new API token",
    run: subcommands("token", { create: tokenCreateCommand }),
  },
  keys: {
    summary: "keys rotate: re-wrap every cluster credential under the current master key",
    run: subcommands("keys", { rotate: keysRotateCommand }),
  },
  networks: {
    summary: "networks grant|revoke|list --org ORG [--cidr CIDR --ports P]: open a private network to one org",
    run: subcommands("networks", {
      grant: networksGrantCommand,
      revoke: networksRevokeCommand,
      list: networksListCommand,
    }),
  },
};

function usage() {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return ["usage: npm run cli -- <command>", "", "commands:", ...lines].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error("invalid configuration:");
      for (const problem of error.problems) console.error(`  ${problem.variable}: ${problem.message}`);
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });

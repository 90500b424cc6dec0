// The commands the CLI registers (src/cli/commands.ts), read from its own help, so tests that must
// cover "every command" follow the program as commands are added.
import { runCli } from "../helpers.js";

export async function registeredCommands(): Promise<string[]> {
  const r = await runCli(["--help", "--json"]);
  const text: string = r.json.data.text;
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^(命令：|Commands:)/.test(l));
  const names: string[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^ {2}([a-z][a-z-]*)\b/.exec(l);
    if (m) names.push(m[1]!);
    else if (/^\S/.test(l)) break;
  }
  return names.filter((n) => n !== "help");
}

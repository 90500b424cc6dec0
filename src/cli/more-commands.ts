// Commands registered beyond the vote core. Each entry adds its commander definition here.
import type { Command } from "commander";
import type { CommandEnv, Outcome } from "../commands/outcome.js";
import type { CliIO } from "./run.js";

export interface Registration {
  t: (zh: string, en: string) => string;
  env: () => CommandEnv;
  out: () => string | undefined;
  io: CliIO;
  setOutcome: (o: Outcome) => void;
}

export function registerMoreCommands(_program: Command, _r: Registration): void {
  // Filled in as commands are added.
}

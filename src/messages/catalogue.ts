// What a message catalogue is: for each diagnostic code, its message and optional hint made from the
// diagnostic's params; and for each way a command fails, the one-line failure message.
import type { Params } from "../core/diagnostics.js";

/** The language of what a person reads (`--lang`); files written to out/ are always Chinese. */
export type Lang = "zh" | "en";

/** The params of a diagnostic with every user value already quoted and clipped for this language. */
export interface Quoted {
  /** A value the user wrote, quoted: “value”, line breaks visible, long values clipped. */
  q(key: string): string;
  /** The value as text, unquoted and unclipped (a number, an id, a path); a list is joined as list() joins it. */
  v(key: string): string;
  /** A list value joined the way this language joins lists. */
  list(key: string): string;
  n(key: string): number;
  has(...keys: string[]): boolean;
  readonly raw: Params;
}

export interface Entry {
  message(p: Quoted): string;
  hint?(p: Quoted): string | undefined;
}

export type Catalogue = Record<string, Entry>;

/** Why a command failed (Outcome.error), by key: the words are in each language's FAILURES. */
export type Failures = Record<string, (p: Quoted) => string>;

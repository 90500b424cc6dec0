// Raw terminal input as keys for the entry state machine of core/entry.ts: the terminal's bytes are io's
// business, the machine only sees named keys.

import { foldFullWidth } from "../core/characters.js";

/** The keys of an escape sequence that have a name here, by its last character: ESC [ A is ↑. */
const SEQUENCE_KEYS: Record<string, string> = { A: "up", B: "down", H: "home", F: "end" };
/** The same for ESC [ n ~: 5 is PgUp, 6 PgDn; 1 and 7 are Home, 4 and 8 End on some terminals. */
const TILDE_KEYS: Record<string, string> = { "1": "home", "4": "end", "5": "pageup", "6": "pagedown", "7": "home", "8": "end" };

/** Longest an escape sequence is waited for: anything longer is no key of a keyboard. */
const LONGEST_SEQUENCE = 16;

/**
 * Splits raw terminal input into keys: printable characters, "enter", "backspace", "escape", "ctrl-c",
 * "ctrl-d", and the arrows and page keys ("up", "down", "pageup", "pagedown", "home", "end"); other
 * escape sequences (function keys, Delete) are skipped whole. `rest` is an escape, or the start of a
 * sequence, at the very end of the input: the rest of an arrow's sequence may come in the next chunk, so
 * whether it is the Esc key is not known yet.
 */
export function splitKeys(chunk: string): { keys: string[]; rest: string } {
  const keys: string[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const ch = chunk[i]!;
    if (ch === "\x1b") {
      const next = chunk[i + 1];
      if (next === undefined) return { keys, rest: chunk.slice(i) };
      if (next === "[" || next === "O") {
        let j = i + 2;
        while (j < chunk.length && !/[A-Za-z~]/.test(chunk[j]!)) j++;
        if (j >= chunk.length) return { keys, rest: chunk.length - i <= LONGEST_SEQUENCE ? chunk.slice(i) : "" };
        // Modifiers (ESC [ 1 ; 5 A) do not change which key it is.
        const named = chunk[j] === "~" ? TILDE_KEYS[chunk.slice(i + 2, j).split(";")[0]!] : SEQUENCE_KEYS[chunk[j]!];
        if (named) keys.push(named);
        i = j;
        continue;
      }
      keys.push("escape");
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\n" && chunk[i - 1] === "\r") continue;
      keys.push("enter");
    } else if (ch === "\x7f" || ch === "\b") keys.push("backspace");
    else if (ch === "\x03") keys.push("ctrl-c");
    else if (ch === "\x04") keys.push("ctrl-d");
    else if (ch >= " ") keys.push(foldFullWidth(ch));
  }
  return { keys, rest: "" };
}

/** The keys of input known to be whole: an escape at its end is the Esc key, a sequence cut short is nothing. */
export function decodeKeys(chunk: string): string[] {
  const { keys, rest } = splitKeys(chunk);
  return rest === "\x1b" ? [...keys, "escape"] : keys;
}

// Raw terminal input as keys for the entry state machine of core/entry.ts: the terminal's bytes are io's
// business, the machine only sees named keys.

/** Splits raw terminal input into keys: printable characters, "enter", "backspace", "escape", "ctrl-c", "ctrl-d". */
export function decodeKeys(chunk: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const ch = chunk[i]!;
    if (ch === "\x1b") {
      const next = chunk[i + 1];
      if (next === "[" || next === "O") {
        // An escape sequence (arrow, function key): skipped whole, it means nothing here.
        let j = i + 2;
        while (j < chunk.length && !/[A-Za-z~]/.test(chunk[j]!)) j++;
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
    else if (ch >= " ") keys.push(ch);
  }
  return keys;
}

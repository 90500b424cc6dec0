// Columns a text takes on a terminal, for screens laid out in fixed-width columns.

/** The code points of CJK and full-width characters, which take two columns. */
const WIDE = [
  [0x1100, 0x115f], [0x2e80, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x20000, 0x3fffd],
] as const;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += WIDE.some(([from, to]) => c >= from && c <= to) ? 2 : 1;
  }
  return w;
}

export function pad(s: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** Characters a line may break after: the full-width space between phrases, and closing punctuation. */
const PHRASE_END = new Set("　，。、；！？）》」』】");
/** Characters a phrase too wide for the screen may break before. */
const OPENING = new Set("（《「『【“");
const HAN = /\p{Script=Han}/u;

/**
 * A line as the terminal `width` columns wide should show it: broken only between phrases (after a
 * full-width space, closing punctuation or two spaces), never inside a figure and its unit or a key's name
 * such as Esc, which the terminal's own wrapping would cut anywhere. A phrase wider than the screen is
 * broken before an opening bracket, then between two Chinese characters, then anywhere. Continuation lines
 * lose their leading spaces.
 */
export function wrapPhrases(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  return fill(split(line, phraseEnds), width, [
    (phrase) => split(phrase, (chars, i) => OPENING.has(chars[i + 1]!)),
    (part) => split(part, (chars, i) => HAN.test(chars[i]!) && HAN.test(chars[i + 1]!)),
    (word) => [...word],
  ]);
}

/** Where a phrase ends: after a run of phrase ends or of two spaces or more, before what follows it. */
function phraseEnds(chars: string[], i: number): boolean {
  const [ch, next] = [chars[i]!, chars[i + 1]!];
  if (PHRASE_END.has(next) || next === " ") return false;
  return PHRASE_END.has(ch) || (ch === " " && chars[i - 1] === " ");
}

function split(text: string, endsAt: (chars: string[], i: number) => boolean): string[] {
  const chars = [...text];
  const parts = [""];
  chars.forEach((ch, i) => {
    parts[parts.length - 1] += ch;
    if (i < chars.length - 1 && endsAt(chars, i)) parts.push("");
  });
  return parts;
}

/**
 * Pieces laid greedily on lines of `width` (trailing spaces not counted); a piece too wide for a line of
 * its own is cut by the next of `cuts` (before brackets, between Chinese characters, anywhere) and its parts laid so.
 */
function fill(pieces: string[], width: number, cuts: ((piece: string) => string[])[]): string[] {
  const lines: string[] = [];
  let current = "";
  const fits = (s: string) => displayWidth(s.trimEnd()) <= width;
  const place = (piece: string, level: number): void => {
    if (fits(current + piece)) { current += piece; return; }
    if (current.trim() !== "") lines.push(current.trimEnd());
    current = "";
    const rest = piece.trimStart();
    const cut = cuts[level];
    if (fits(rest) || !cut) current = rest;
    else for (const part of cut(rest)) place(part, level + 1);
  };
  for (const piece of pieces) place(piece, 0);
  if (current.trim() !== "" || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

// Characters that print as nothing or reorder what is around them (zero-width spaces and joiners,
// bidirectional embeddings, overrides and isolates). In an id, a name or a group name they let two
// different values print identically, or make a name display in another order than it is stored.

// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The first invisible or bidirectional character of `text`: its index and its code as U+XXXX, or null. */
export function findInvisible(text: string): { index: number; char: string } | null {
  const index = text.search(INVISIBLE);
  return index < 0 ? null : { index, char: codePointName(text[index]!) };
}

/**
 * How names are compared: without invisible and bidirectional characters, and in one Unicode form (NFC), so
 * that é typed as e + ◌́ (as macOS saves it) and é as one character, which print alike, are one name.
 */
export function comparedForm(text: string): string {
  return text.replace(INVISIBLE, "").normalize("NFC");
}

/** `text` with each invisible or bidirectional character shown as its code, ⟨U+200B⟩: for messages. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `⟨${codePointName(ch)}⟩`);
}

/** C0 and C1 control characters and DEL, tab and line breaks included. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function isControl(ch: string): boolean {
  return CONTROL.test(ch);
}

/** An ID as it was likely meant (`P 01`, full-width `Ｐ０１` → `P01`), if keeping its letters, digits, - and _ gives one. */
export function idWritten(text: string): string | undefined {
  const id = text.normalize("NFKC").replace(/[^A-Za-z0-9_-]/g, "").replace(/^[-_]+/, "");
  return id !== "" && id !== text ? id : undefined;
}

/**
 * An ID as typed with a Chinese input method (`Ｅ2`, `E 2`): the same text with full-width forms folded and
 * spaces removed, when that changes it. Nothing else is dropped, so a project's name (2号桥改造) is not read
 * as an ID (2).
 */
export function idTyped(text: string): string | undefined {
  const id = text.normalize("NFKC").replace(/\s+/g, "");
  return id !== "" && id !== text ? id : undefined;
}

/** "U+200B" for a character. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Full-width letters and digits typed with a Chinese input method (Ｏ, １, ｘ) read as their ASCII forms.
 * Nothing else is folded: ① or ⓪ are not marks of the vocabulary and stay unreadable.
 */
export function normalizeMark(cell: string): string {
  return foldFullWidth(cell).trim();
}

/**
 * The full-width ASCII block (U+FF01–U+FF5E) as ASCII and the ideographic space as a space: what a Chinese
 * input method types for a key or a digit. Not NFKC, which would also read ① as 1.
 */
export function foldFullWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/**
 * Characters drawn like a default mark but other characters (a large circle beside ○, a symbol font's
 * cross beside ×), each with the mark it resembles. They stay unreadable (README); the note names which
 * mark each is mistaken for, so the clerk retypes it or adds it to rules.marks.
 */
const LOOK_ALIKE_MARKS: ReadonlyMap<string, string> = new Map([
  ["\u25ef", "\u25cb"], // ◯ LARGE CIRCLE: ○ WHITE CIRCLE
  ["\u2b55", "\u25cb"], // ⭕ HEAVY LARGE CIRCLE (an emoji)
  ["\u2715", "\u00d7"], // ✕ MULTIPLICATION X: × MULTIPLICATION SIGN
  ["\u2716", "\u00d7"], // ✖ HEAVY MULTIPLICATION X
  ["\u2573", "\u00d7"], // ╳ BOX DRAWINGS LIGHT DIAGONAL CROSS
]);

/** The default mark a cell's one character is drawn like but is not (◯ for ○), or undefined. */
export function lookAlikeMark(cell: string): string | undefined {
  // An emoji's presentation selector (⭕️ is U+2B55 U+FE0F) is no part of the character.
  return LOOK_ALIKE_MARKS.get(normalizeMark(cell).replace(/\ufe0f/g, ""));
}

/**
 * Two names in Unicode code point order, as folders are listed: sort() alone compares UTF-16 units, and puts
 * a place-name character beyond U+FFFF (𬍛) before a full-width bracket (（).
 */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

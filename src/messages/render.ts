// Turns a diagnostic (code, place, params) into words in one language, using the catalogues. The quoting
// of user values lives here: line breaks and control characters made visible, long values clipped, the
// whole message kept to one line.
import { showInvisible } from "../core/characters.js";
import { placeOf, type Diagnostic, type Params, type Place } from "../core/diagnostics.js";
import type { Catalogue, Failures, Lang, Quoted } from "./catalogue.js";
import { ZH, ZH_FAILURES } from "./zh.js";

// The English catalogue is as large as the Chinese one and only a run under --lang en reads it: loading it
// only then keeps it out of every Chinese run's start-up.
let english: { EN: Catalogue; EN_FAILURES: Failures } | undefined;

/** Makes `lang`'s catalogue ready; a run calls it once it knows its --lang, before it renders anything. */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (lang === "en") english ??= await import("./en.js");
}

/** The language a message can be said in now: English once it is loaded, else Chinese. */
export function readyLanguage(lang: Lang): Lang {
  return lang === "en" && english ? "en" : "zh";
}

function catalogues(lang: Lang): { entries: Catalogue; failures: Failures } {
  if (lang === "zh") return { entries: ZH, failures: ZH_FAILURES };
  if (!english) throw new Error("the English catalogue is used before loadLanguage(\"en\")");
  return { entries: english.EN, failures: english.EN_FAILURES };
}

const QUOTED_MAX = 40;
const MESSAGE_MAX = 400;

function visible(value: string): string {
  // Invisible and bidirectional characters are named: one could reorder the rest of the message.
  // eslint-disable-next-line no-control-regex
  return showInvisible(value).replace(/\r\n|\r|\n/g, "↵").replace(/\t/g, "⇥").replace(/[\u0000-\u001f\u007f]/g, "�");
}

/**
 * `text` as a message quotes it: whole up to QUOTED_MAX characters (code points), else its first
 * QUOTED_MAX − 10 and `tail` of the count. Counted in place: spreading a 10 MB header into an array of
 * characters took seconds.
 */
function clip(text: string, tail: (count: number) => string): string {
  if (text.length <= QUOTED_MAX) return text;
  // Without surrogates every UTF-16 unit is a character.
  if (!/[\ud800-\udfff]/.test(text)) return `${text.slice(0, QUOTED_MAX - 10)}${tail(text.length)}`;
  let count = 0;
  let cut = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count === QUOTED_MAX - 10) cut = i + 1;
  }
  return count > QUOTED_MAX ? `${text.slice(0, cut)}${tail(count)}` : text;
}

/** A value the user wrote, as a Chinese message quotes it: line breaks and control characters made visible, long values clipped. */
export function clipValue(value: string): string {
  return clip(visible(value), (count) => `…（共 ${count} 个字符）`);
}

function clipValueEn(value: string): string {
  return clip(visible(value), (count) => `… (${count} characters)`);
}

function flat(message: string): string {
  // eslint-disable-next-line no-control-regex
  const text = showInvisible(message).replace(/\r\n|\r|\n/g, " ").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "�");
  const chars = [...text];
  return chars.length > MESSAGE_MAX ? `${chars.slice(0, MESSAGE_MAX).join("")}…` : text;
}

function quoted(params: Params, lang: Lang): Quoted {
  const text = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value.join(lang === "en" ? ", " : "、") : String(value ?? "");
  };
  const clip = lang === "en" ? clipValueEn : clipValue;
  return {
    raw: params,
    q: (key) => `“${clip(text(key))}”`,
    v: text,
    list: text,
    n: (key) => Number(params[key]),
    has: (...keys) => keys.every((k) => params[k] !== undefined),
  };
}

function isDiagnostic(v: Params[string]): v is Diagnostic {
  return typeof v === "object" && "code" in v;
}

/**
 * A place as a terminal shows it: line breaks and control characters in a folder's name made visible. A
 * raw CR in a town's folder name would print its place over another town's, and an ESC could recolour
 * or clear the screen.
 */
export function shownPlace(at: Place): string {
  return placeOf({ ...at, file: visible(at.file) });
}

/** A line of a report as a terminal shows it: control characters (a CR, an ESC from a folder's name) made visible; tabs and line ends kept. */
export function shownLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "\ufffd");
}

/** A diagnostic quoted inside another's message: its place, code and message, in one line. */
function quotedDiagnostic(d: Diagnostic, lang: Lang): string {
  return `${shownPlace(d.at)} ${d.code} ${renderDiagnostic(d, lang).message}`;
}

/** The diagnostic's message and hint in the language asked for. */
export function renderDiagnostic(d: Diagnostic, lang: Lang = "zh"): { message: string; hint?: string } {
  const entry = catalogues(lang).entries[d.code];
  if (!entry) return { message: d.code };
  const p = quoted(Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, isDiagnostic(v) ? quotedDiagnostic(v, lang) : v])), lang);
  const hint = entry.hint?.(p);
  return { message: flat(entry.message(p)), ...(hint !== undefined ? { hint: flat(hint) } : {}) };
}

/**
 * A diagnostic as a record in a command's --json data: its place, code and Chinese words, and under
 * --lang en the English beside them (messageEn, hintEn), as in the document's own diagnostics.
 */
export function diagnosticRecord(d: Diagnostic, lang: Lang = "zh") {
  const zh = renderDiagnostic(d);
  const en = lang === "en" ? renderDiagnostic(d, "en") : undefined;
  return {
    severity: d.severity, code: d.code, file: d.at.file, line: d.at.line, column: d.at.column, ...(d.at.cell !== undefined ? { cell: d.at.cell } : {}), message: zh.message,
    ...(zh.hint !== undefined ? { hint: zh.hint } : {}),
    ...(en ? { messageEn: en.message, ...(en.hint !== undefined ? { hintEn: en.hint } : {}) } : {}),
    ...(Object.keys(d.params).length > 0 ? { params: d.params } : {}),
  };
}

/** Why the command failed, one line. */
export function renderFailure(e: { code: string; failure?: { why: string; params?: Params }; message?: string; messageEn?: string }, lang: Lang = "zh"): string {
  if (e.failure) {
    const words = catalogues(lang).failures[e.failure.why];
    if (words) return words(quoted(e.failure.params ?? {}, lang));
  }
  // Words a command wrote itself (batch, audit, init's usage) are shown as written, in English where given.
  return (lang === "en" ? e.messageEn : undefined) ?? e.message ?? e.code;
}

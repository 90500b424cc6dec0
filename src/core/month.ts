// Months as SPEC §11 counts them (M(y, m) = 12·y + m), apart from the rest of progress so that reading
// `--as-of` on the command line loads nothing else.

/** A month counted as a whole number: M(y, m) = 12·y + m. */
export type Month = number;

/** `YYYY-MM` (or a real `YYYY-MM-DD`, read as its month) → M; null when malformed. */
export function parseMonth(text: string): Month | null {
  const m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > days)) return null;
  return 12 * y + mo;
}

/** A `YYYY-MM-DD` that is no day of the calendar (2026-02-30, 2026-12-32): not a malformed month, a wrong date. */
export function nonexistentDate(text: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(text.trim()) && parseMonth(text) === null;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Each form Excel writes a date in, with the year and month (or, read either way round, months) it stands for. */
const EXCEL_DATES: readonly [RegExp, (m: RegExpExecArray) => [number, number][]][] = [
  [/^(\d{4})([-/])(\d{1,2})(?:\2\d{1,2})?$/, (m) => [[Number(m[1]), Number(m[3])]]], // 2026/6/1, 2026-6-1, 2026/6
  // 6/1/2026: month first in a US locale, day first in en-GB and others; a number over 12 settles which.
  [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [[Number(m[3]), Number(m[1])], [Number(m[3]), Number(m[2])]]],
  [/^(\d{4})年(\d{1,2})月(?:\d{1,2}日)?$/, (m) => [[Number(m[1]), Number(m[2])]]], // 2026年6月, 2026年6月1日 (a Chinese locale's display)
  [/^(?:\d{1,2}-)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)-(\d{2}|\d{4})$/i, (m) => [[Number(m[2]) + (m[2]!.length === 2 ? 2000 : 0), MONTH_NAMES.indexOf(m[1]!.toLowerCase()) + 1]]], // Jun-26, 1-Jun-26
  [/^([1-9]\d{4})$/, (m) => { // 46174: the day's serial number, 1927 to 2173, where the cell lost its date format
    const day = new Date(Date.UTC(1899, 11, 30) + Number(m[1]) * 86_400_000);
    return [[day.getUTCFullYear(), day.getUTCMonth() + 1]];
  }],
];

/**
 * A date as Excel writes it when it saves a CSV file whose cell it took for a date (2026/6/1 0:00, 2026年6月,
 * Jun-26, 46174 …): the clerk typed a month, Excel turned it into a day. The months it may stand for, as YYYY-MM
 * (the value to write back): one, or two for 01/12/2026, which the file alone cannot settle; null for any other text.
 */
export function excelDateMonth(text: string): string[] | null {
  const day = text.trim().replace(/ \d{1,2}:\d{2}(?::\d{2})?$/, "");
  for (const [form, readings] of EXCEL_DATES) {
    const m = form.exec(day);
    if (!m) continue;
    const months = [...new Set(readings(m).filter(([, mo]) => mo >= 1 && mo <= 12).map(([y, mo]) => monthText(12 * y + mo)))];
    return months.length > 0 ? months : null;
  }
  return null;
}

/** The strict form `--as-of` takes: `YYYY-MM`, month 01–12. */
export function parseAsOf(text: string): Month | null {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? parseMonth(text) : null;
}

export function monthYear(t: Month) {
  const year = Math.floor((t - 1) / 12);
  return { year, month: t - 12 * year };
}

export function monthText(t: Month): string {
  const { year, month } = monthYear(t);
  // Four digits for the year, as parseMonth reads it back (0999-01, never 999-01).
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

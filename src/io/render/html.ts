// Small helpers shared by the printable pages.

export function escapeHtml(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Input text (a title, an id, a name) as Markdown shows it literally: line breaks become spaces, so no
 * heading or list can start inside it; the characters that mark emphasis, links, code, HTML, table cells
 * and headings are backslash-escaped; a list or quote marker at its start is escaped too.
 */
export function escapeMarkdown(s: string | number): string {
  return String(s)
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[\\`*_[\]<>|~#&]/g, "\\$&")
    .replace(/^(\s*)([-+=>]|\d+(?=[.)]))/, (_, space: string, marker: string) => `${space}${/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`}`);
}

const PAGE_FONT = `"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif`;

export function page(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
/* The side padding keeps a border drawn at the very edge of the printable area from being clipped in Chromium's PDF. */
body { font-family: ${PAGE_FONT}; color: #000; margin: 0; padding: 0 0.6mm; font-size: 11pt; line-height: 1.5; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.1em; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; }
th { background: #eee; font-weight: bold; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
${css}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

// What leads and reps wrote (names, titles, companies, notes), made safe to show. Plain
// string functions with no dependencies: the server, the CLI and the extension's pages all
// import them. React and the HTML templates escape markup themselves; these handle what they
// do not: bidirectional formatting, control characters, and Markdown.

/**
 * Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
 * (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). An override makes "gnp.exe" read
 * as "exe.png"; none is needed to show a name, since every letter carries its own direction.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** C0 and C1 control characters other than tab, line feed, vertical tab, form feed, carriage return and next line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;

/** Line breaks of every kind (CR, LF, VT, FF, NEL, U+2028, U+2029) and runs of spaces. */
const WHITESPACE = /[\s\u0085]+/g;

/** The text without bidirectional formatting or control characters; line breaks kept. */
export function displayText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS, '');
}

/** The text on one line: `displayText`, every line break and run of spaces folded into one space, trimmed. */
export function displayLine(text: string): string {
  return displayText(text).replace(WHITESPACE, ' ').trim();
}

/** At most `max` characters (code points, so no emoji is split), the last an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * The text as literal Markdown on one line, for a sentence, a list item or a table cell:
 * HTML's special characters as entities (no tag, no `<javascript:…>` autolink); a backslash
 * before what opens code, emphasis, strikethrough, links and images, and before pipes (table
 * cells). An underscore inside a word opens nothing ("paid_search"), and a parenthesis only
 * after a bracket ("](javascript:…)"), so they are left alone. At the start, a backslash before
 * what would open a heading, a list or a setext underline.
 */
export function markdownText(text: string): string {
  return displayLine(text)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*[\]|~]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/\\\]\(/g, '\\]\\(')
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

import { describe, expect, it } from 'vitest';
import { displayLine, displayText, markdownText, truncateText } from '../../shared/display-text';

// What leads and reps wrote, made safe to show: no bidirectional overrides that make
// "gnp.exe" read as "exe.png", no control characters, and in Markdown no structure or links
// the writer did not mean.

const RLO = '\u202E';
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

/** The cells of a GFM table row: split on pipes a backslash does not escape. */
function cells(row: string): string[] {
  const parts = [''];
  for (const token of row.trim().match(/\\.|\||[^|\\]+|\\/g) ?? []) {
    if (token === '|') parts.push('');
    else parts[parts.length - 1] += token;
  }
  return parts.slice(1, -1);
}

describe('displayText', () => {
  it('strips the bidirectional override that shows "gnp.exe" as "exe.png"', () => {
    expect(displayText(`invoice${RLO}gnp.exe`)).toBe('invoicegnp.exe');
  });

  it.each(BIDI.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('strips %s', (_name, c) => {
    expect(displayText(`a${c}b${c}`)).toBe('ab');
  });

  it('strips control characters, keeps tabs and line breaks, and keeps right-to-left scripts, accents and emoji as written', () => {
    expect(displayText('a\u0000b\u0007c\u001bd\u007fe\u009bf')).toBe('abcdef');
    expect(displayText('line one\nline\ttwo')).toBe('line one\nline\ttwo');
    for (const name of ['محمد علي', 'דוד לוי', 'Inès Moreau', 'Zoë 👩‍💻', '田中太郎']) expect(displayText(name)).toBe(name);
  });
});

describe('displayLine', () => {
  it('folds every kind of line break and run of spaces into one space', () => {
    expect(displayLine(' a\r\n\r\nb\u2028c\u2029d\u0085e\vf\fg  \t h ')).toBe('a b c d e f g h');
    expect(displayLine(`${RLO}x\ny`)).toBe('x y');
  });
});

describe('truncateText', () => {
  it('cuts to at most max characters, the last an ellipsis, never splitting an emoji', () => {
    expect(truncateText('Bartholomew', 20)).toBe('Bartholomew');
    expect(truncateText('Bartholomew', 11)).toBe('Bartholomew');
    expect(truncateText('Bartholomew', 5)).toBe('Bart…');
    expect(truncateText('👩‍💻👩‍💻👩‍💻', 3)).toBe('👩‍…');
    expect(Array.from(truncateText('😀😀😀😀', 3))).toEqual(['😀', '😀', '…']);
  });
});

describe('markdownText', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '<img'],
    ['<script>alert(1)</script>', '<script'],
    ['[click me](javascript:alert(1))', '](javascript:'],
    ['<javascript:alert(1)>', '<javascript:'],
    ['![x](https://evil.example/pixel.png)', '!['],
    ['`code` **bold** _em_ ~~gone~~', '**'],
  ])('leaves nothing of %j that Markdown or HTML would act on', (payload, raw) => {
    const escaped = markdownText(payload);
    expect(escaped).not.toContain(raw);
    expect(escaped).not.toMatch(/(?<!\\)[<>[\]`*~|]/);
  });

  it('keeps a note with line breaks on its line: no heading, list item or table row of its own', () => {
    const escaped = markdownText('fine\n# Heading\n- item\n| a | b |\n1. one');
    expect(escaped).not.toContain('\n');
    expect(escaped).toBe('fine # Heading - item \\| a \\| b \\| 1. one');
  });

  it('escapes what starts structure at the start of the text', () => {
    expect(markdownText('# title')).toBe('\\# title');
    expect(markdownText('- x')).toBe('\\- x');
    expect(markdownText('+ x')).toBe('\\+ x');
    expect(markdownText('= x')).toBe('\\= x');
    expect(markdownText('12. x')).toBe('12\\. x');
    expect(markdownText('3) x')).toBe('3\\) x');
  });

  it('keeps a table row at its number of cells whatever the text holds', () => {
    for (const text of ['a | b', 'a \\| b', 'ends with \\', '\\\\|', '|||', 'x\n| y | z |']) {
      expect(cells(`| ${markdownText(text)} | 2 |`)).toHaveLength(2);
    }
  });

  it('shows ordinary names and punctuation as written', () => {
    expect(markdownText('Northwind Analytics, Inc.')).toBe('Northwind Analytics, Inc.');
    expect(markdownText("Sean O'Brien-Smith")).toBe("Sean O'Brien-Smith");
    expect(markdownText('AT&T')).toBe('AT&amp;T');
    expect(markdownText('Acme (EU) paid_search')).toBe('Acme (EU) paid_search');
    expect(markdownText('_em_ __strong__ a_')).toBe('\\_em\\_ \\_\\_strong\\_\\_ a\\_');
    expect(markdownText(`Inès ${RLO}Moreau`)).toBe('Inès Moreau');
  });
});

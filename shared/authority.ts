import { z } from 'zod';
import { BoundedCache } from './bounded-cache';
import { ALIASES, CONTEXT_PATTERNS, FORMER_WORDS, PLACEHOLDERS, TITLE_RULES, type TTitleRule } from './authority-vocabulary';
import { rank, ZAuthorityLevel, type TAuthorityLevel } from './levels';

// Authority (BRIEF §3): the lead's role in the buying decision, read from a free-text job
// title. The classifier is deterministic and explainable: the vocabulary below is data, and
// every result names the rule that decided, the words that triggered it and one sentence a
// sales rep can read.
//
// How a title is read:
//  1. Split into words (accents stripped, lower-case, abbreviations expanded: "Sr." → senior)
//     and into role phrases at "/", ",", "|", ";", parentheses and spaced dashes, so
//     "Head of Growth / Interim CMO" is two phrases. "&" and "and" do not split ("VP of
//     Sales & Marketing" is one role).
//  2. In each phrase, read left to right; at each word take the longest phrase any rule
//     matches (ties: context first, then table order), and skip the words it covers. So
//     "Vice President" is never read as "President", "Product Owner" never as "Owner",
//     "Assistant to the CEO" never as "CEO".
//  3. Context phrases claim words without deciding anything: whatever follows "of", "to",
//     "at" (and their French, German, Spanish, Portuguese, Italian and Dutch equivalents)
//     names a function, a principal or an employer, not the lead's own role.
//  4. A student/intern word outranks everything else in its phrase ("Product Manager Intern").
//     A decision-maker phrase right after an assistant's names whom they assist
//     ("Executive Assistant - CEO").
//  5. The title's level is the highest found across phrases ("Founder & CEO", "Head of
//     Growth / Interim CMO"); ties go to the earlier rule in the table.
// Charter overrides are tried before all of this, in order; the first that matches decides.
// An empty or placeholder title ("N/A") is never overridden: no pattern gives it authority.

// ---------------------------------------------------------------------------------------
// Charter overrides

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

export const ZAuthorityOverride = z.object({
  /** A case-insensitive JavaScript regular expression, tried against the title as written and without accents. */
  pattern: z
    .string()
    .min(1)
    .max(500)
    .refine(compiles, { message: 'expected a valid regular expression, e.g. "\\bpartner\\b"' })
    .refine((pattern) => !compiles(pattern) || !new RegExp(pattern, 'i').test(''), {
      message: 'this pattern matches an empty string, so it would match every title; anchor it to a word, e.g. "\\bpartner\\b"',
    }),
  level: ZAuthorityLevel,
  /** Shown to the rep: why the charter reads this title this way. */
  label: z.string().min(1).max(200),
});
export type TAuthorityOverride = z.infer<typeof ZAuthorityOverride>;

export interface TTitleClassification {
  level: TAuthorityLevel;
  /** Stable id of the rule that decided: a TITLE_RULES id, or 'override', 'empty', 'unrecognised'. */
  rule: string;
  /** The words of the title that triggered the rule, as written; empty when nothing did. */
  matched: string;
  /** One plain-English sentence for the sales rep. */
  explanation: string;
}

const LEVEL_WORDS: Readonly<Record<TAuthorityLevel, string>> = {
  decision_maker: 'decision-maker',
  influencer: 'influencer',
  end_user: 'end-user',
  researcher: 'researcher',
  unknown: 'authority unknown',
};

/** Longer inputs are cut: no job title is this long, and it bounds the work per title. */
const MAX_TITLE_LENGTH = 300;

// ---------------------------------------------------------------------------------------
// Compiled form

interface TCompiledRule {
  rule: TTitleRule | null; // null: context
  order: number;
  regexes: readonly RegExp[];
}

function compile(pattern: string): RegExp {
  // Sticky: tried at each word start; must end at a word end.
  return new RegExp(`(?:${pattern})(?= |$)`, 'y');
}

const COMPILED: readonly TCompiledRule[] = [
  { rule: null, order: -1, regexes: CONTEXT_PATTERNS.map(compile) },
  ...TITLE_RULES.map((rule, order) => ({ rule, order, regexes: rule.patterns.map(compile) })),
];

const FORMER_WORD_SET: ReadonlySet<string> = new Set(FORMER_WORDS);

// ---------------------------------------------------------------------------------------
// Reading a title

interface TWord {
  word: string;
  start: number;
  end: number;
}

// Dotted acronyms ("C.E.O.", "V.P.") | words | "&", "+", "@" | phrase separators (a hyphen
// only with a space beside it: "Vice-President" is one role, "DIRECTOR - IT" two phrases).
const TOKEN = /(\p{L}(?:\.\p{L})+\.?)|([\p{L}\p{N}\p{M}]+)|([&+@])|([/\\|;,:()[\]{}<>·•»–—]|-(?=\s)|(?<=\s)-)/gu;

const FOLDS: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'], ['ø', 'o'], ['ł', 'l'], ['đ', 'd'], ['ı', 'i'],
]);

function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđı]/g, (c) => FOLDS.get(c) ?? c);
}

function normaliseWord(raw: string): string {
  const word = fold(raw).replace(/\./g, '');
  return ALIASES.get(word) ?? word;
}

/** The title as role phrases, each a list of words with their place in the original text. */
function phrases(title: string): TWord[][] {
  const result: TWord[][] = [];
  let current: TWord[] = [];
  for (const m of title.matchAll(TOKEN)) {
    const [text, acronym, word, joiner] = m;
    const start = m.index;
    const end = start + text.length;
    // An alias may stand for several words ("MD" → "managing director"): each keeps the span of the original.
    if (acronym !== undefined || word !== undefined) current.push(...normaliseWord(text).split(' ').map((w) => ({ word: w, start, end })));
    else if (joiner !== undefined) current.push({ word: joiner === '@' ? 'at' : 'and', start, end });
    else {
      if (current.length > 0) result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  // "CEO (retired)", "Sales Director, former": a phrase of only "former" words qualifies the phrase before it.
  return result.reduce<TWord[][]>((acc, phrase) => {
    const previous = acc[acc.length - 1];
    if (previous && phrase.every((w) => FORMER_WORD_SET.has(w.word))) acc[acc.length - 1] = [...phrase, ...previous];
    else acc.push(phrase);
    return acc;
  }, []);
}

/** The title between two offsets, closing a parenthesis it opens: "CEO (retired)". */
function spanText(title: string, start: number, end: number): string {
  const text = title.slice(start, end);
  const unclosed = text.split('(').length - text.split(')').length;
  return unclosed > 0 && title[end] === ')' ? `${text})` : text;
}

interface TCandidate {
  rule: TTitleRule;
  order: number;
  matched: string;
}

function readPhrase(title: string, words: readonly TWord[]): TCandidate[] {
  const text = words.map((w) => w.word).join(' ');
  const offsets: number[] = [];
  words.reduce((offset, w) => {
    offsets.push(offset);
    return offset + w.word.length + 1;
  }, 0);

  const candidates: TCandidate[] = [];
  let i = 0;
  while (i < words.length) {
    let best: { compiled: TCompiledRule; length: number } | null = null;
    for (const compiled of COMPILED) {
      for (const regex of compiled.regexes) {
        regex.lastIndex = offsets[i] ?? 0;
        const m = regex.exec(text);
        if (!m || m[0].length === 0) continue;
        const length = m[0].split(' ').length;
        if (!best || length > best.length) best = { compiled, length };
      }
    }
    if (!best) {
      i += 1;
      continue;
    }
    if (best.compiled.rule) {
      const covered = words.slice(i, i + best.length);
      const start = Math.min(...covered.map((w) => w.start));
      const end = Math.max(...covered.map((w) => w.end));
      candidates.push({ rule: best.compiled.rule, order: best.compiled.order, matched: spanText(title, start, end) });
    }
    i += best.length;
  }
  const dominant = candidates.filter((c) => c.rule.dominant);
  return dominant.length > 0 ? dominant : candidates;
}

function outranks(a: TCandidate, b: TCandidate): boolean {
  const byLevel = rank('authority', a.rule.level) - rank('authority', b.rule.level);
  return byLevel !== 0 ? byLevel > 0 : a.order < b.order;
}

function quote(title: string): string {
  return title.length > 80 ? `${title.slice(0, 77)}…` : title;
}

function sentence(title: string, matched: string, says: string, level: TAuthorityLevel): string {
  const subject = matched === title ? `"${matched}"` : `In "${quote(title)}", "${matched}"`;
  return `${subject} ${says}: ${LEVEL_WORDS[level]}.`;
}

function applyOverride(title: string, overrides: readonly TAuthorityOverride[]): TTitleClassification | null {
  const folded = title.normalize('NFD').replace(/\p{M}/gu, '');
  for (const override of overrides) {
    if (!compiles(override.pattern)) continue;
    const regex = new RegExp(override.pattern, 'i');
    const m = regex.exec(title) ?? regex.exec(folded);
    if (!m) continue;
    const matched = m[0] || title;
    return {
      level: override.level,
      rule: 'override',
      matched,
      explanation: sentence(title, matched, `matches the charter rule "${override.label}"`, override.level),
    };
  }
  return null;
}

const CLASSIFIED = new BoundedCache<TTitleClassification>(10_000);

/**
 * Reads a job title as an authority level, with the rule that decided, the words that
 * triggered it and a sentence for the rep. Charter overrides are tried first, in order.
 */
export function classifyTitle(
  title: string | null | undefined,
  overrides: readonly TAuthorityOverride[] = [],
): TTitleClassification {
  const trimmed = (title ?? '').trim().replace(/\s+/g, ' ').slice(0, MAX_TITLE_LENGTH).trim();
  // The same titles come back over and over (every rescore of every lead): by title and overrides.
  const key = `${JSON.stringify(overrides)}\n${trimmed}`;
  const known = CLASSIFIED.get(key) ?? CLASSIFIED.set(key, classifyTrimmed(trimmed, overrides));
  return { ...known };
}

function classifyTrimmed(trimmed: string, overrides: readonly TAuthorityOverride[]): TTitleClassification {
  const parts = phrases(trimmed);
  const allWords = parts.flat().map((w) => w.word).join(' ');
  if (allWords === '') {
    return { level: 'unknown', rule: 'empty', matched: '', explanation: 'No job title given: authority unknown.' };
  }
  if (PLACEHOLDERS.has(allWords)) {
    return {
      level: 'unknown',
      rule: 'empty',
      matched: '',
      explanation: `"${quote(trimmed)}" is a placeholder, not a job title: authority unknown.`,
    };
  }

  const overridden = applyOverride(trimmed, overrides);
  if (overridden) return overridden;

  const perPhrase = parts.map((words) => readPhrase(trimmed, words));
  const candidates = perPhrase.flatMap((phrase, i) => {
    const servesIt = perPhrase[i - 1]?.some((c) => c.rule.servesNext) ?? false;
    return servesIt && phrase.some((c) => c.rule.level === 'decision_maker') ? [] : phrase;
  });
  const winner = candidates.reduce<TCandidate | null>((best, c) => (!best || outranks(c, best) ? c : best), null);
  if (!winner) {
    return {
      level: 'unknown',
      rule: 'unrecognised',
      matched: '',
      explanation: `No known role word in "${quote(trimmed)}": authority unknown.`,
    };
  }
  return {
    level: winner.rule.level,
    rule: winner.rule.id,
    matched: winner.matched,
    explanation: sentence(trimmed, winner.matched, winner.rule.says, winner.rule.level),
  };
}

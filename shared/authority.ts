import { z } from 'zod';
import { BoundedCache } from './bounded-cache';
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

// ---------------------------------------------------------------------------------------
// Vocabulary. Patterns are regular-expression sources over the normalised title: lower-case,
// no accents, words separated by single spaces. A match must start and end on word boundaries.

export interface TTitleRule {
  id: string;
  level: TAuthorityLevel;
  patterns: readonly string[];
  /** Completes the sentence `"<matched words>" <says>: <level>.` */
  says: string;
  /** Outranks every other rule in the same role phrase. */
  dominant?: boolean;
  /** The next phrase, if it names a decision-maker, is whom this role works for: "Executive Assistant - CEO". */
  servesNext?: boolean;
}

/** Words after which the rest of a phrase is someone else's: "Assistant to the CEO", "Office of the CEO", "Intern at CEO Academy". */
const LINKS =
  'to|of|for|at|de|du|des|del|della|di|da|do|dos|das|der|den|dem|van|voor|bei|chez|bij|presso|fur|al|au|aux|pour|para|per';

/** Not followed by another word unless it is a link: "Partner" and "Partner at KPMG" but not "Partner Manager". */
const HEAD_NOUN = `(?! (?!(?:${LINKS}|and|in|en)(?: |$))\\S)`;

const INTERIM = '(?:(?:acting|interim|fractional) )?';

const FORMER_WORDS = [
  'former', 'formerly', 'ex', 'retired', 'past', 'previously',
  'ehemalige', 'ehemaliger', 'ehemals', 'pensioniert',
  'ancien', 'ancienne', 'retraite', 'retraitee',
  'antiguo', 'antigua', 'jubilado', 'jubilada', 'aposentado', 'aposentada',
  'pensionato', 'pensionata', 'voormalig', 'voormalige', 'gepensioneerd',
];

const ASSISTANT_WORDS =
  'assistant|assistante|assistent|assistentin|assistenz|asistente|assistente|secretary|secretaire|secretaria|secretario|sekretar|sekretarin|segretaria|segretario';
const ASSISTANT_PREFIX =
  '(?:(?:senior|executive|personal|administrative|administrator|office|special|private|virtual|team|sales|marketing|management|legal|medical|board) )*';

const DIRECTOR_WORDS =
  'director|directors|directeur|directrice|directora|diretor|diretora|direttore|direttrice|direktor|direktorin';

/** Context: claims words without deciding anything. */
const CONTEXT_PATTERNS: readonly string[] = [
  `(?<=(?:^| )(?:${LINKS}) )\\S.*`,
  // "CEO Office", "Head Office", "Back Office": a place, not a role.
  '\\S+ (?:office|bureau|buro|kantoor|oficina|ufficio)',
];

/** Table order breaks ties: between equal-length matches at the same word, and between equal levels. */
export const TITLE_RULES: readonly TTitleRule[] = [
  {
    id: 'c_level',
    level: 'decision_maker',
    says: 'names a C-level officer or chief executive',
    patterns: [
      `${INTERIM}(?:(?:deputy|co|group|global|regional|founding) )?(?:ceo|cfo|coo|cto|cio|ciso|cmo|cro|cpo|cdo|cso|cco|cao|cbo|cho|chro|clo|cxo|cgo|cpto|cdao|caio)`,
      // Any "Chief … Officer", including "Chief Happiness Officer"; "Chief of Staff" is not one (see chief_of_staff).
      `${INTERIM}chief(?: \\S+){1,4}? officer`,
      `${INTERIM}chief executive`,
      'c (?:level|suite)(?: executive)?',
      'general counsel',
      'pdg',
      'president directeur general|presidente directrice generale|president directrice generale',
      '(?:directeur|directrice) general(?:e)?(?: delegue(?:e)?)?',
      'dg',
      '(?:director|directora) general|(?:diretor|diretora) (?:geral|presidente)|(?:direttore|direttrice) generale',
      'consejer[oa] delegad[oa]|amministrat(?:ore|rice) delegat[oa]',
      'gesch(?:a|ae)ftsf(?:u|ue)hrer(?:in)?|gesch(?:a|ae)ftsf(?:u|ue)hrung|gesch(?:a|ae)ftsleiter(?:in)?|gesch(?:a|ae)ftsleitung',
      'vorstandsvorsitzende[rn]?',
      'algemeen directeur|algemene directeur|dga',
    ],
  },
  {
    id: 'board',
    level: 'decision_maker',
    says: 'names a board member or chair',
    patterns: [
      'chairman|chairwoman|chairperson|chair',
      'board member|member of the board|vorstand|vorstandsmitglied|mitglied des vorstands|aufsichtsrat(?:in)?',
    ],
  },
  {
    id: 'president',
    level: 'decision_maker',
    says: 'names a president',
    patterns: [`${INTERIM}(?:co )?(?:president|presidente|presidenta|prasident|prasidentin)`],
  },
  {
    id: 'vp',
    level: 'decision_maker',
    says: 'names a vice-president',
    patterns: [
      `${INTERIM}(?:(?:senior|executive|group|regional|area|divisional|corporate|assistant|associate|deputy|global|first) )*` +
        '(?:vice president[ea]?|vicepresident[ea]?|vizeprasident(?:in)?|vp|svp|evp|avp|gvp|rvp|v p)',
    ],
  },
  {
    id: 'general_manager',
    level: 'decision_maker',
    says: 'names a general manager, who runs the business',
    patterns: ['general manager|gm|country manager|gerente general|gerente geral|gerant|gerante'],
  },
  {
    id: 'director',
    level: 'decision_maker',
    says: 'names a director',
    patterns: [
      `${INTERIM}(?:(?:managing|executive|senior|group|regional|global|national|area|country|general|board) )?(?:${DIRECTOR_WORDS})`,
    ],
  },
  {
    id: 'head_of',
    level: 'decision_maker',
    says: 'names the head of a function',
    patterns: [
      `${INTERIM}(?:(?:global|group|regional|divisional) )?head(?: of)?`,
      'hoofd|editor in chief',
      // German "Leiter Vertrieb" / "Vertriebsleiter" = head of sales; unit heads such as
      // "Abteilungsleiter" or "Teamleiter" are managers (see manager).
      'leiter|leiterin|leitung',
      '(?:vertriebs|verkaufs|marketing|einkaufs|personal|finanz|technik|entwicklungs|produktions|werks|betriebs|kommunikations|logistik)(?:leiter|leiterin|leitung)',
    ],
  },
  {
    id: 'owner_founder',
    level: 'decision_maker',
    says: 'names an owner, founder or managing partner of the business',
    patterns: [
      '(?:co )?(?:founder|owner|fondateur|fondatrice|fundador|fundadora|fondatore)',
      'cofounder|co ?owner|proprietor|entrepreneur|(?:founding|managing|general) partner',
      'cofondat(?:eur|rice|ore)|cofundador(?:a)?|(?:mit)?gr(?:u|ue)nder(?:in)?|inhaber(?:in)?',
      'eigenaar|eigenares|mede ?eigenaar|(?:mede ?)?oprichter|proprietaire|propietari[oa]|proprietari[oa]|duen[oa]|dono|titolare',
      'gesch(?:a|ae)ftsf(?:u|ue)hrende[rn]? gesellschafter(?:in)?',
      'soci[oa] (?:fundador|fundadora|gerente|director|directora|diretor|diretora|administrador|administradora)',
    ],
  },
  {
    id: 'deputy_director',
    level: 'influencer',
    says: 'names a deputy to a director or head, who shapes the decision while the director or head signs',
    patterns: [
      `(?:assistant|associate|deputy|vice|sub) (?:${DIRECTOR_WORDS}|head(?: of)?|principal)`,
      `(?:${DIRECTOR_WORDS}) (?:adjoint|adjointe|adjunto|adjunta)`,
      'subdirector(?:a)?|subdiretor(?:a)?|vicedirector(?:a)?|vicedirett(?:ore|rice)',
      'stellvertretende[rn]? (?:leiter(?:in)?|leitung|direktor(?:in)?)',
    ],
  },
  {
    id: 'chief_of_staff',
    level: 'influencer',
    says: 'names a chief of staff, who advises an executive but is not a C-level officer',
    servesNext: true,
    patterns: [
      'chief of staff|stabschef(?:in)?|chef de cabinet|(?:directeur|directrice) de cabinet',
      '(?:jefe|jefa|chefe) de gabinete|capo di gabinetto',
    ],
  },
  {
    id: 'manager',
    level: 'influencer',
    says: 'names a manager',
    patterns: [
      '(?:(?:senior|junior|assistant|associate|deputy|interim|acting) )?(?:manager|managerin)',
      // Compounds: "Projektmanager", "Accountmanager", "Abteilungsleiter", "Teamleitung", "Projectleider".
      '\\S+manager(?:in)?|\\S+leiter(?:in)?|\\S+leitung|\\S+leider',
      'gerente|gestor|gestora|responsable|responsabile|encargad[oa]|jef[ea]|capo|csm',
      'supervisor|supervisora|superviseur|superviseuse|superintendent',
      'chef(?:fe)? (?:de|d|du|des)(?: la| l)? \\S+|jef[ea] de \\S+',
    ],
  },
  {
    id: 'team_lead',
    level: 'influencer',
    says: 'names a team lead',
    patterns: [
      '(?:(?:team|tech|technical|engineering|project|group|squad|sales|design|product|program|practice|shift) )?(?:lead|leader)',
    ],
  },
  {
    id: 'partner',
    level: 'influencer',
    says: 'names a partner (an influencer by default; a charter override can make partners decision-makers)',
    patterns: [
      `(?:(?:senior|equity|associate|salaried|junior) )?(?:partner|soci[oa]|vennoot|teilhaber(?:in)?|gesellschafter(?:in)?|associe|associee)${HEAD_NOUN}`,
    ],
  },
  {
    id: 'product_owner',
    level: 'influencer',
    says: 'names a product or process owner, a delivery role rather than a business owner',
    patterns: [
      '(?:product|process|service|data|system|systems|application|platform|feature|solution|technical|tech|content) owner',
    ],
  },
  {
    id: 'senior_ic',
    level: 'influencer',
    says: 'names a senior or expert individual contributor',
    patterns: [
      'senior|principal|fellow|expert|experte|experta|experto|esperto',
      '(?:staff|distinguished)(?: \\S+)? (?:engineer|developer|scientist|designer|architect|researcher)',
      '\\S*(?:architect|architekt|architecte|arquitecto|arquiteta|arquiteto|architetto)(?:in|e)?',
      'chief (?:architect|engineer|scientist|technologist|economist|evangelist|strategist|designer)',
    ],
  },
  {
    id: 'assistant_to',
    level: 'end_user',
    says: 'names an assistant, who works for the decision-maker rather than being one',
    patterns: [`${ASSISTANT_PREFIX}(?:${ASSISTANT_WORDS}|ea|pa|aide) (?:${LINKS}|a)(?: .+)?`],
  },
  {
    id: 'assistant',
    level: 'end_user',
    says: 'names an assistant, who works for the decision-maker rather than being one',
    servesNext: true,
    patterns: [`${ASSISTANT_PREFIX}(?:${ASSISTANT_WORDS})`],
  },
  {
    id: 'individual_contributor',
    level: 'end_user',
    says: 'names an individual contributor',
    patterns: [
      'engineer|developer|programmer|designer|specialist|coordinator|representative|consultant|administrator|associate',
      'officer|agent|accountant|bookkeeper|recruiter|head ?hunter|technician|advisor|adviser|writer|copywriter|editor',
      'marketer|scientist|nurse|teacher|operator|clerk|salesperson|planner|strategist|buyer|trainer|instructor|auditor',
      'paralegal|lawyer|attorney|counsel|contractor|freelancer|freelance|self employed|employee',
      '(?:account|sales|marketing|business development|new business|key account) executive',
      'sdr|bdr|ae|lead (?:generation|gen)|leadgen|member of (?:the )?technical staff|founders? (?:s )?associate',
      // French, Spanish, Portuguese, Italian, Dutch.
      'ingenieur(?:e)?|developpeu(?:r|se)|commercial(?:e)?|charge(?:e)?|consultante|technicien(?:ne)?|comptable|conseill(?:er|ere)',
      'specialiste|coordinat(?:eur|rice)|administrat(?:eur|rice)|employe(?:e)?|vendeu(?:r|se)|juriste|avocat(?:e)?',
      'ingenier[oa]|engenheir[oa]|ingegnere|desarrollador(?:a)?|desenvolvedor(?:a)?|programador(?:a)?|disenador(?:a)?',
      'consultor(?:a)?|consulente|especialista|specialista|coordinador(?:a)?|coordenador(?:a)?|coordinat(?:ore|rice)',
      'tecnic[oa]|vendedor(?:a)?|ejecutiv[oa]|asesor(?:a)?|representante|administrativ[oa]|contador(?:a)?|emplead[oa]|abogad[oa]',
      'sviluppat(?:ore|rice)|impiegat[oa]|addett[oa]|programmat(?:ore|rice)',
      'medewerker|ontwikkelaar|adviseur|verkoper',
      // German compounds: "Softwareentwickler", "Kundenberater", "Vertriebsmitarbeiterin".
      '\\S*(?:ingenieur|entwickler|berater|referent|spezialist|mitarbeiter|techniker|programmierer|betreuer|kaufmann|kauffrau|sachbearbeiter)(?:in)?',
    ],
  },
  {
    id: 'former',
    level: 'unknown',
    says: 'describes a past role, not current authority',
    patterns: [`(?:${FORMER_WORDS.join('|')})(?: .+)?`],
  },
  {
    id: 'student_intern',
    level: 'researcher',
    says: 'names a student, intern or trainee',
    dominant: true,
    patterns: [
      'intern|interns|trainee|apprentice|apprenti|apprentie|alternant(?:e)?|stagiaire|stagiair|stagista|tirocinante',
      'praktikant(?:in)?|werkstudent(?:in)?|auszubildende[rn]?|azubi|becari[oa]|pasante|practicante|estagiari[oa]|aprendiz',
      `(?:(?:phd|ph d|dphil|doctoral|mba|msc|ma|bsc|ba|masters?|master s|bachelor|undergraduate|graduate|grad|university|college|high school|exchange|working) )?students?${HEAD_NOUN}`,
      'studentin|estudiante|estudante|etudiant(?:e)?|studente|studentessa|undergraduate|undergrad',
      '(?:phd|ph d|dphil|doctoral) (?:candidate|researcher|fellow)',
      'doctorant(?:e)?|doktorand(?:in)?|doctorand[oa]|doutorand[oa]|graduate (?:assistant|trainee)',
    ],
  },
  {
    id: 'academic',
    level: 'researcher',
    says: 'names an academic, who studies the field rather than buys for it',
    patterns: [
      '(?:(?:assistant|associate|full|adjunct|visiting|emeritus|emerita|senior|honorary) )?(?:professor|professeur|professeure|profesor|profesora|professore|professoressa|prof)',
      '(?:senior )?lecturer|postdoc|post doc|postdoctoral(?: \\S+)?|teaching (?:assistant|fellow)|faculty(?: member)?|academic',
      'dozent(?:in)?|docent|hochschullehrer(?:in)?|maitre de conferences|catedratic[oa]',
    ],
  },
  {
    id: 'analyst_researcher',
    level: 'researcher',
    says: 'names an analyst or researcher, who gathers information rather than buys',
    patterns: [
      '(?:(?:market|marketing|research|industry|competitive|intelligence|insights|junior|associate|graduate) )*(?:analyst|analyste|analista)',
      'research (?:assistant|associate|fellow|scientist)|researcher',
      'chercheu(?:r|se)|investigador(?:a)?|pesquisador(?:a)?|ricercat(?:ore|rice)|forscher(?:in)?|onderzoeker',
      'wissenschaftliche[rn]? mitarbeiter(?:in)?',
    ],
  },
];

/** Per-word spellings read as another word. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['mgr', 'manager'], ['mngr', 'manager'], ['mgmt', 'management'],
  ['sr', 'senior'], ['snr', 'senior'], ['jr', 'junior'], ['jnr', 'junior'],
  ['dir', 'director'], ['exec', 'executive'], ['pres', 'president'],
  ['mktg', 'marketing'], ['mkt', 'marketing'],
  ['asst', 'assistant'], ['assoc', 'associate'], ['coord', 'coordinator'], ['rep', 'representative'],
  ['engr', 'engineer'], ['admin', 'administrator'], ['ops', 'operations'], ['acct', 'account'],
  ['gf', 'geschaftsfuhrer'], ['md', 'managing director'],
]);

/** Titles that are placeholders for "no title". */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'n a', 'na', 'none', 'unknown', 'tbd', 'tba', 'tbc', 'null', 'undefined', 'nil',
  'no title', 'not provided', 'not available', 'not specified', 'not applicable', 'other', 'x', 'xx', 'xxx',
]);

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

import type { TAuthorityLevel } from './levels';

// The words an Authority reading knows (classified in authority.ts): the rules, in the order
// that breaks ties, and the spellings, placeholders and context around them. Patterns are
// regular-expression sources over the normalised title: lower-case, no accents, words
// separated by single spaces. A match must start and end on word boundaries.

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

export const FORMER_WORDS = [
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
export const CONTEXT_PATTERNS: readonly string[] = [
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
export const ALIASES: ReadonlyMap<string, string> = new Map([
  ['mgr', 'manager'], ['mngr', 'manager'], ['mgmt', 'management'],
  ['sr', 'senior'], ['snr', 'senior'], ['jr', 'junior'], ['jnr', 'junior'],
  ['dir', 'director'], ['exec', 'executive'], ['pres', 'president'],
  ['mktg', 'marketing'], ['mkt', 'marketing'],
  ['asst', 'assistant'], ['assoc', 'associate'], ['coord', 'coordinator'], ['rep', 'representative'],
  ['engr', 'engineer'], ['admin', 'administrator'], ['ops', 'operations'], ['acct', 'account'],
  ['gf', 'geschaftsfuhrer'], ['md', 'managing director'],
]);

/** Titles that are placeholders for "no title". */
export const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'n a', 'na', 'none', 'unknown', 'tbd', 'tba', 'tbc', 'null', 'undefined', 'nil',
  'no title', 'not provided', 'not available', 'not specified', 'not applicable', 'other', 'x', 'xx', 'xxx',
]);

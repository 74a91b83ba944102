import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyTitle, ZAuthorityOverride, type TAuthorityOverride } from '../../shared/authority';
import { TITLE_RULES } from '../../shared/authority-vocabulary';
import { AUTHORITY_LEVELS, type TAuthorityLevel } from '../../shared/levels';

type TRow = readonly [title: string, level: TAuthorityLevel, rule: string];

// Real-world titles as they arrive from forms and CRMs, with the reading a sales lead would give them.
const TITLES: readonly TRow[] = [
  // C-level, interim and acting included
  ['CEO', 'decision_maker', 'c_level'],
  ['Chief Executive Officer', 'decision_maker', 'c_level'],
  ['Chief Revenue Officer', 'decision_maker', 'c_level'],
  ['CRO', 'decision_maker', 'c_level'],
  ['CFO', 'decision_maker', 'c_level'],
  ['CISO', 'decision_maker', 'c_level'],
  ['C.E.O.', 'decision_maker', 'c_level'],
  ['Co-CEO', 'decision_maker', 'c_level'],
  ['Acting CFO', 'decision_maker', 'c_level'],
  ['Interim CEO', 'decision_maker', 'c_level'],
  ['Chief Marketing Officer (CMO)', 'decision_maker', 'c_level'],
  ['Chief Happiness Officer', 'decision_maker', 'c_level'],
  ['Chief of Staff', 'influencer', 'chief_of_staff'],
  ['Chief of Staff to the CEO', 'influencer', 'chief_of_staff'],
  ['Chief Architect', 'influencer', 'senior_ic'],
  ['President', 'decision_maker', 'president'],
  ['President & CEO', 'decision_maker', 'c_level'],
  ['Chairman of the Board', 'decision_maker', 'board'],
  ['Board Member', 'decision_maker', 'board'],

  // Vice-presidents, in any word order and spelling
  ['VP Sales', 'decision_maker', 'vp'],
  ['Sales VP', 'decision_maker', 'vp'],
  ['VP, Sales', 'decision_maker', 'vp'],
  ['Vice-President, Revenue', 'decision_maker', 'vp'],
  ['Revenue Vice President', 'decision_maker', 'vp'],
  ['vp of sales & marketing', 'decision_maker', 'vp'],
  ['SVP, Global Sales', 'decision_maker', 'vp'],
  ['EVP Revenue', 'decision_maker', 'vp'],
  ['AVP Marketing', 'decision_maker', 'vp'],
  ['Exec. VP, Operations', 'decision_maker', 'vp'],
  ['V.P. Marketing', 'decision_maker', 'vp'],
  ['Senior Vice President of Customer Success', 'decision_maker', 'vp'],

  // Directors, heads, owners
  ['Director of Marketing', 'decision_maker', 'director'],
  ['Marketing Director', 'decision_maker', 'director'],
  ['DIRECTOR - IT', 'decision_maker', 'director'],
  ['Dir. Mktg', 'decision_maker', 'director'],
  ['Sr Dir, Demand Gen', 'decision_maker', 'director'],
  ['Managing Director', 'decision_maker', 'director'],
  ['MD, Europe', 'decision_maker', 'director'],
  ['MD & Founder', 'decision_maker', 'director'],
  ['Executive Director', 'decision_maker', 'director'],
  ['R&D Director', 'decision_maker', 'director'],
  ['Director, Office of the CEO', 'decision_maker', 'director'],
  ['Head of Sales EMEA', 'decision_maker', 'head_of'],
  ['Global Head of Partnerships', 'decision_maker', 'head_of'],
  ['Head of Go-to-Market', 'decision_maker', 'head_of'],
  ['Head Chef', 'decision_maker', 'head_of'],
  ['General Manager', 'decision_maker', 'general_manager'],
  ['Country Manager DACH', 'decision_maker', 'general_manager'],
  ['Owner', 'decision_maker', 'owner_founder'],
  ['Small Business Owner', 'decision_maker', 'owner_founder'],
  ['Founder', 'decision_maker', 'owner_founder'],
  ['Co-founder', 'decision_maker', 'owner_founder'],
  ['Managing Partner', 'decision_maker', 'owner_founder'],

  // Several roles in one title: the highest counts
  ['Founder & CEO', 'decision_maker', 'c_level'],
  ['Co-founder & CTO', 'decision_maker', 'c_level'],
  ['Head of Growth / Interim CMO', 'decision_maker', 'c_level'],
  ['Head of Product / Co-Founder', 'decision_maker', 'head_of'],
  ['Owner & Principal Consultant', 'decision_maker', 'owner_founder'],
  ['VP/GM', 'decision_maker', 'vp'],
  ['Executive Assistant / Office Manager', 'influencer', 'manager'],

  // Deputies
  ['Assistant Director', 'influencer', 'deputy_director'],
  ['Deputy Director', 'influencer', 'deputy_director'],
  ['Associate Director, Brand', 'influencer', 'deputy_director'],
  ['Deputy Head of Marketing', 'influencer', 'deputy_director'],
  ['Vice Principal', 'influencer', 'deputy_director'],
  ['Deputy CEO', 'decision_maker', 'c_level'],
  ['Assistant Vice President', 'decision_maker', 'vp'],

  // Influencers
  ['Sales Manager', 'influencer', 'manager'],
  ['Sr. Mktg Mgr', 'influencer', 'manager'],
  ['Mgr, Sales Ops', 'influencer', 'manager'],
  ['Marketing Operations Manager', 'influencer', 'manager'],
  ['Assistant Manager', 'influencer', 'manager'],
  ['Customer Success Manager', 'influencer', 'manager'],
  ['Team Lead', 'influencer', 'team_lead'],
  ['Tech Lead', 'influencer', 'team_lead'],
  ['Lead Developer', 'influencer', 'team_lead'],
  ['Senior Software Engineer', 'influencer', 'senior_ic'],
  ['Snr Engineer', 'influencer', 'senior_ic'],
  ['Principal Engineer', 'influencer', 'senior_ic'],
  ['Staff Software Engineer', 'influencer', 'senior_ic'],
  ['Solutions Architect', 'influencer', 'senior_ic'],
  ['Senior Analyst', 'influencer', 'senior_ic'],
  ['Partner', 'influencer', 'partner'],
  ['Partner, McKinsey & Company', 'influencer', 'partner'],
  ['Product Owner', 'influencer', 'product_owner'],

  // End-users
  ['Software Engineer', 'end_user', 'individual_contributor'],
  ['Directory Services Engineer', 'end_user', 'individual_contributor'],
  ['Account Executive', 'end_user', 'individual_contributor'],
  ['Sales Development Representative', 'end_user', 'individual_contributor'],
  ['Lead Generation Specialist', 'end_user', 'individual_contributor'],
  ['Marketing Coordinator', 'end_user', 'individual_contributor'],
  ['Coordinator', 'end_user', 'individual_contributor'],
  ['Jr. Developer', 'end_user', 'individual_contributor'],
  ['UX Designer', 'end_user', 'individual_contributor'],
  ['Systems Administrator', 'end_user', 'individual_contributor'],
  ['Independent Consultant', 'end_user', 'individual_contributor'],
  ['Partner Account Executive', 'end_user', 'individual_contributor'],
  ['Data Protection Officer', 'end_user', 'individual_contributor'],
  ['Headhunter', 'end_user', 'individual_contributor'],

  // Assistants: work for the decision-maker, are not one
  ['Assistant to the CEO', 'end_user', 'assistant_to'],
  ['Executive Assistant to the VP', 'end_user', 'assistant_to'],
  ['Senior Executive Assistant to the CEO', 'end_user', 'assistant_to'],
  ['Assistant to CEO & Founder', 'end_user', 'assistant_to'],
  ['EA to CEO', 'end_user', 'assistant_to'],
  ['Executive Assistant', 'end_user', 'assistant'],
  ['Executive Assistant - CEO', 'end_user', 'assistant'],

  // Past roles
  ['Former CEO', 'unknown', 'former'],
  ['Ex-VP Sales', 'unknown', 'former'],
  ['Retired Director', 'unknown', 'former'],
  ['CEO (retired)', 'unknown', 'former'],
  ['Head of Growth (ex-Google)', 'decision_maker', 'head_of'],
  ['Ex-CEO, now Advisor', 'end_user', 'individual_contributor'],

  // Researchers: students, interns, analysts, academics
  ['Intern, Office of the CEO', 'researcher', 'student_intern'],
  ['Marketing Intern', 'researcher', 'student_intern'],
  ['Product Manager Intern', 'researcher', 'student_intern'],
  ['MBA Student', 'researcher', 'student_intern'],
  ['PhD Candidate', 'researcher', 'student_intern'],
  ['Student at Stanford', 'researcher', 'student_intern'],
  ['Graduate Trainee', 'researcher', 'student_intern'],
  ['Apprentice', 'researcher', 'student_intern'],
  ['Analyst', 'researcher', 'analyst_researcher'],
  ['Research Analyst', 'researcher', 'analyst_researcher'],
  ['Market Research Analyst', 'researcher', 'analyst_researcher'],
  ['Research Assistant', 'researcher', 'analyst_researcher'],
  ['Assistant Professor', 'researcher', 'academic'],
  ['Professor of Marketing', 'researcher', 'academic'],
  ['Postdoctoral Researcher', 'researcher', 'academic'],
  ['Director of Student Affairs', 'decision_maker', 'director'],
  ['Student Success Manager', 'influencer', 'manager'],

  // French
  ['Directeur commercial', 'decision_maker', 'director'],
  ['Directrice marketing', 'decision_maker', 'director'],
  ['Directrice commerciale', 'decision_maker', 'director'],
  ['PDG', 'decision_maker', 'c_level'],
  ['Président-directeur général', 'decision_maker', 'c_level'],
  ['DG', 'decision_maker', 'c_level'],
  ['Directrice Générale Déléguée', 'decision_maker', 'c_level'],
  ['Gérant', 'decision_maker', 'general_manager'],
  ['Gérante', 'decision_maker', 'general_manager'],
  ['Gerant', 'decision_maker', 'general_manager'],
  ['Directeur adjoint', 'influencer', 'deputy_director'],
  ['Responsable marketing', 'influencer', 'manager'],
  ['Chef de projet', 'influencer', 'manager'],
  ['Chef d’équipe', 'influencer', 'manager'],
  ['Stagiaire', 'researcher', 'student_intern'],
  ['Ingénieur', 'end_user', 'individual_contributor'],
  ['Administrateur systèmes', 'end_user', 'individual_contributor'],
  ['Assistante de direction', 'end_user', 'assistant_to'],
  ['Assistant du PDG', 'end_user', 'assistant_to'],

  // German
  ['Geschäftsführer', 'decision_maker', 'c_level'],
  ['Geschäftsführerin', 'decision_maker', 'c_level'],
  ['Geschaeftsfuehrer', 'decision_maker', 'c_level'],
  ['Vorstand', 'decision_maker', 'board'],
  ['Leiter Vertrieb', 'decision_maker', 'head_of'],
  ['Leiterin Marketing', 'decision_maker', 'head_of'],
  ['Vertriebsleiter', 'decision_maker', 'head_of'],
  ['Abteilungsleiter', 'influencer', 'manager'],
  ['Bereichsleiter', 'influencer', 'manager'],
  ['Teamleiter', 'influencer', 'manager'],
  ['Stellvertretender Leiter Vertrieb', 'influencer', 'deputy_director'],
  ['Werkstudent Vertrieb', 'researcher', 'student_intern'],
  ['Praktikant', 'researcher', 'student_intern'],
  ['Praktikantin Marketing', 'researcher', 'student_intern'],
  ['Geschäftsführender Gesellschafter', 'decision_maker', 'owner_founder'],
  ['Softwareentwickler', 'end_user', 'individual_contributor'],
  ['Assistentin der Geschäftsführung', 'end_user', 'assistant_to'],

  // Spanish and Portuguese
  ['Gerente general', 'decision_maker', 'general_manager'],
  ['Gerente de ventas', 'influencer', 'manager'],
  ['Director comercial', 'decision_maker', 'director'],
  ['Directora comercial', 'decision_maker', 'director'],
  ['Diretora de Vendas', 'decision_maker', 'director'],
  ['Diretor', 'decision_maker', 'director'],
  ['Consejero Delegado', 'decision_maker', 'c_level'],
  ['Jefe de ventas', 'influencer', 'manager'],
  ['Jefa de marketing', 'influencer', 'manager'],
  ['Responsable de marketing', 'influencer', 'manager'],
  ['Socio', 'influencer', 'partner'],
  ['Sócia', 'influencer', 'partner'],
  ['Socio fundador', 'decision_maker', 'owner_founder'],
  ['Becario', 'researcher', 'student_intern'],
  ['Estagiário', 'researcher', 'student_intern'],
  ['Ingeniero de ventas', 'end_user', 'individual_contributor'],

  // Italian and Dutch
  ['Direttore commerciale', 'decision_maker', 'director'],
  ['Amministratore delegato', 'decision_maker', 'c_level'],
  ['Titolare', 'decision_maker', 'owner_founder'],
  ['Directeur', 'decision_maker', 'director'],
  ['Eigenaar', 'decision_maker', 'owner_founder'],
  ['Hoofd Marketing', 'decision_maker', 'head_of'],
  ['Stagiair', 'researcher', 'student_intern'],

  // No usable title
  ['', 'unknown', 'empty'],
  ['   ', 'unknown', 'empty'],
  ['N/A', 'unknown', 'empty'],
  ['-', 'unknown', 'empty'],
  ['Marketing', 'unknown', 'unrecognised'],
  ['Office of the CEO', 'unknown', 'unrecognised'],
];

describe('classifyTitle: the title table', () => {
  it('has at least 100 titles, and every rule of the vocabulary is exercised', () => {
    expect(TITLES.length).toBeGreaterThanOrEqual(100);
    const exercised = new Set(TITLES.map(([, , rule]) => rule));
    const missing = TITLE_RULES.map((r) => r.id).filter((id) => !exercised.has(id));
    expect(missing).toEqual([]);
  });

  it.each(TITLES)('%j → %s (%s)', (title, level, rule) => {
    const result = classifyTitle(title);
    expect([result.level, result.rule]).toEqual([level, rule]);
  });
});

describe('classifyTitle: what the rep reads', () => {
  it.each([
    ['VP Sales', 'VP'],
    ['Vice-President, Revenue', 'Vice-President'],
    ['Assistant to the CEO', 'Assistant to the CEO'],
    ['Head of Growth / Interim CMO', 'Interim CMO'],
    ['Former CEO', 'Former CEO'],
    ['CEO (retired)', 'CEO (retired)'],
    ['Directeur commercial', 'Directeur'],
    ['Gérante', 'Gérante'],
    ['Intern, Office of the CEO', 'Intern'],
    ['Product Owner', 'Product Owner'],
    ['Chef de projet', 'Chef de projet'],
  ])('%j: matched %j, and the explanation quotes it', (title, matched) => {
    const result = classifyTitle(title);
    expect(result.matched).toBe(matched);
    expect(result.explanation).toContain(`"${matched}"`);
    expect(result.explanation).toMatch(/^[^\n]+\.$/);
  });

  it('names the level in the sentence', () => {
    expect(classifyTitle('VP Sales').explanation).toBe('In "VP Sales", "VP" names a vice-president: decision-maker.');
    expect(classifyTitle('Assistant to the CEO').explanation).toMatch(/: end-user\.$/);
    expect(classifyTitle('Former CEO').explanation).toMatch(/past role.*: authority unknown\.$/);
    expect(classifyTitle('Chief of Staff').explanation).toContain('not a C-level officer');
  });

  it('says when there is no title, or none it knows', () => {
    expect(classifyTitle(null)).toEqual({
      level: 'unknown',
      rule: 'empty',
      matched: '',
      explanation: 'No job title given: authority unknown.',
    });
    expect(classifyTitle(undefined).rule).toBe('empty');
    expect(classifyTitle('Marketing').explanation).toBe('No known role word in "Marketing": authority unknown.');
  });

  it('reads accents, case and spacing alike', () => {
    for (const [a, b] of [
      ['Gérant', 'GERANT'],
      ['Geschäftsführer', 'geschaftsfuhrer'],
      ['Président-directeur général', 'president directeur general'],
      ['VP   Sales', 'vp sales'],
    ]) {
      const [ra, rb] = [classifyTitle(a), classifyTitle(b)];
      expect([ra.level, ra.rule]).toEqual([rb.level, rb.rule]);
    }
  });

  it('never throws, always answers on the scale, and quotes only words of the title', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (title) => {
        const result = classifyTitle(title);
        expect(AUTHORITY_LEVELS).toContain(result.level);
        expect(title).toContain(result.matched);
        expect(result.explanation.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('charter overrides', () => {
  const partnersSign: TAuthorityOverride = {
    pattern: '^(senior |managing |equity )?partner\\b',
    level: 'decision_maker',
    label: 'Partners sign at consulting firms',
  };

  it('wins over the built-in vocabulary', () => {
    expect(classifyTitle('Partner').level).toBe('influencer');
    const result = classifyTitle('Partner, Deloitte', [partnersSign]);
    expect(result).toMatchObject({ level: 'decision_maker', rule: 'override', matched: 'Partner' });
    expect(result.explanation).toBe(
      'In "Partner, Deloitte", "Partner" matches the charter rule "Partners sign at consulting firms": decision-maker.',
    );
  });

  it('can demote as well as promote', () => {
    const boardAdvisors: TAuthorityOverride = { pattern: 'advisory board', level: 'end_user', label: 'Advisory boards do not buy' };
    expect(classifyTitle('Advisory Board Member', [boardAdvisors])).toMatchObject({ level: 'end_user', rule: 'override' });
  });

  it('is tried in order: the first match decides', () => {
    const first: TAuthorityOverride = { pattern: 'partner', level: 'end_user', label: 'first' };
    expect(classifyTitle('Partner', [first, partnersSign]).explanation).toContain('"first"');
    expect(classifyTitle('Partner', [partnersSign, first]).level).toBe('decision_maker');
  });

  it('leaves titles it does not match to the vocabulary', () => {
    expect(classifyTitle('Channel Partner Manager', [partnersSign])).toMatchObject({ level: 'influencer', rule: 'manager' });
    expect(classifyTitle('Senior Partner', [partnersSign]).rule).toBe('override');
  });

  it('matches case-insensitively, with or without accents', () => {
    const gerant: TAuthorityOverride = { pattern: '\\bgerant', level: 'influencer', label: 'Gérants of franchises are store managers' };
    expect(classifyTitle('GÉRANT', [gerant]).rule).toBe('override');
    expect(classifyTitle('Gérante', [gerant]).rule).toBe('override');
  });

  it('does not give authority to an empty title', () => {
    expect(classifyTitle('', [partnersSign]).rule).toBe('empty');
  });

  it('are validated by the charter schema', () => {
    expect(ZAuthorityOverride.parse(partnersSign)).toEqual(partnersSign);

    const invalid = ZAuthorityOverride.safeParse({ ...partnersSign, pattern: '(partner' });
    expect(invalid.success).toBe(false);
    expect(invalid.error?.issues[0]?.message).toMatch(/valid regular expression/);
    expect(invalid.error?.issues[0]?.path).toEqual(['pattern']);

    const matchesEverything = ZAuthorityOverride.safeParse({ ...partnersSign, pattern: 'partner|' });
    expect(matchesEverything.success).toBe(false);
    expect(matchesEverything.error?.issues[0]?.message).toMatch(/every title/);

    expect(ZAuthorityOverride.safeParse({ ...partnersSign, level: 'boss' }).success).toBe(false);
    expect(ZAuthorityOverride.safeParse({ ...partnersSign, label: '' }).success).toBe(false);
  });
});

import { type TRng } from './common';
import type { TAuthorityClass, TFitClass } from './marketing';
import { teamEmail } from './team';

// The companies and the people at them: countries, industries, names, job titles.

// Companies and people

export type TLang = 'en' | 'fr' | 'de' | 'es' | 'it' | 'nl' | 'nordic' | 'pt' | 'in' | 'ja' | 'sg';

export interface TCountry {
  code: string;
  name: string;
  /** Rough UTC offset of business hours there, for when people click. */
  offset: number;
  lang: TLang;
  tlds: readonly string[];
  legal: readonly string[];
}

export const COUNTRIES: Record<string, TCountry> = {
  US: { code: 'US', name: 'United States', offset: -6, lang: 'en', tlds: ['com', 'io', 'com', 'co'], legal: ['Inc.', '', '', 'LLC'] },
  CA: { code: 'CA', name: 'Canada', offset: -5, lang: 'en', tlds: ['ca', 'com'], legal: ['Inc.', ''] },
  GB: { code: 'GB', name: 'United Kingdom', offset: 0, lang: 'en', tlds: ['co.uk', 'com', 'io'], legal: ['Ltd', ''] },
  IE: { code: 'IE', name: 'Ireland', offset: 0, lang: 'en', tlds: ['ie', 'com'], legal: ['Ltd', ''] },
  FR: { code: 'FR', name: 'France', offset: 1, lang: 'fr', tlds: ['fr', 'com', 'io'], legal: ['SAS', '', 'SA'] },
  DE: { code: 'DE', name: 'Germany', offset: 1, lang: 'de', tlds: ['de', 'com'], legal: ['GmbH', 'AG', 'GmbH'] },
  AT: { code: 'AT', name: 'Austria', offset: 1, lang: 'de', tlds: ['at', 'com'], legal: ['GmbH'] },
  CH: { code: 'CH', name: 'Switzerland', offset: 1, lang: 'de', tlds: ['ch', 'com'], legal: ['AG', 'GmbH'] },
  NL: { code: 'NL', name: 'Netherlands', offset: 1, lang: 'nl', tlds: ['nl', 'com', 'io'], legal: ['B.V.', ''] },
  BE: { code: 'BE', name: 'Belgium', offset: 1, lang: 'fr', tlds: ['be', 'com'], legal: ['SA', 'BV'] },
  ES: { code: 'ES', name: 'Spain', offset: 1, lang: 'es', tlds: ['es', 'com'], legal: ['S.L.', 'S.A.'] },
  IT: { code: 'IT', name: 'Italy', offset: 1, lang: 'it', tlds: ['it', 'com'], legal: ['S.r.l.', 'S.p.A.'] },
  SE: { code: 'SE', name: 'Sweden', offset: 1, lang: 'nordic', tlds: ['se', 'com'], legal: ['AB'] },
  DK: { code: 'DK', name: 'Denmark', offset: 1, lang: 'nordic', tlds: ['dk', 'com'], legal: ['ApS', 'A/S'] },
  NO: { code: 'NO', name: 'Norway', offset: 1, lang: 'nordic', tlds: ['no', 'com'], legal: ['AS'] },
  FI: { code: 'FI', name: 'Finland', offset: 2, lang: 'nordic', tlds: ['fi', 'com'], legal: ['Oy'] },
  AU: { code: 'AU', name: 'Australia', offset: 10, lang: 'en', tlds: ['com.au', 'com', 'io'], legal: ['Pty Ltd', ''] },
  NZ: { code: 'NZ', name: 'New Zealand', offset: 12, lang: 'en', tlds: ['co.nz', 'com'], legal: ['Ltd'] },
  // Outside the territories the default charter covers.
  BR: { code: 'BR', name: 'Brazil', offset: -3, lang: 'pt', tlds: ['com.br'], legal: ['Ltda.'] },
  IN: { code: 'IN', name: 'India', offset: 5.5, lang: 'in', tlds: ['in', 'com'], legal: ['Pvt Ltd'] },
  SG: { code: 'SG', name: 'Singapore', offset: 8, lang: 'sg', tlds: ['sg', 'com'], legal: ['Pte Ltd'] },
  JP: { code: 'JP', name: 'Japan', offset: 9, lang: 'ja', tlds: ['jp', 'co.jp'], legal: ['K.K.'] },
  ZA: { code: 'ZA', name: 'South Africa', offset: 2, lang: 'en', tlds: ['co.za'], legal: ['(Pty) Ltd'] },
  MX: { code: 'MX', name: 'Mexico', offset: -6, lang: 'es', tlds: ['com.mx'], legal: ['S.A. de C.V.'] },
};

export const COVERED_WEIGHTS: Record<string, number> = {
  US: 36, GB: 12, FR: 10, DE: 8, CA: 5, AU: 5, NL: 4, ES: 3, IE: 2, IT: 2, SE: 2, DK: 1.5, NO: 1, FI: 1, CH: 1.5, AT: 1, BE: 1.5, NZ: 1,
};
export const OUTSIDE_WEIGHTS: Record<string, number> = { BR: 3, IN: 4, SG: 2, JP: 1, ZA: 1, MX: 1 };

export const ICP_INDUSTRIES: Record<string, readonly string[]> = {
  'Computer Software': ['Software', 'Labs', 'Analytics', 'Systems'],
  SaaS: ['HQ', 'Cloud', 'App'],
  Internet: ['Digital', 'Online', 'Web'],
  'Information Technology and Services': ['Technologies', 'IT', 'Solutions'],
  'Financial Services': ['Payments', 'Capital', 'Finance'],
  'Professional Services': ['Partners', 'Group'],
  'Management Consulting': ['Consulting', 'Advisory'],
  'Marketing and Advertising': ['Media', 'Creative', 'Marketing'],
};
export const BORDERLINE_INDUSTRIES: Record<string, readonly string[]> = {
  Telecommunications: ['Telecom', 'Networks'],
  'Staffing and Recruiting': ['Talent', 'Recruitment'],
  'E-Learning': ['Learning', 'Academy'],
  Insurance: ['Insurance', 'Assurance'],
  Banking: ['Bank'],
};
export const OUT_INDUSTRIES: Record<string, readonly string[]> = {
  Retail: ['Stores', 'Retail'],
  Construction: ['Construction', 'Builders'],
  'Hospital & Health Care': ['Health', 'Clinics'],
  'Logistics and Supply Chain': ['Logistics', 'Freight'],
  'Food & Beverages': ['Foods', 'Brewing'],
  Automotive: ['Motors', 'Automotive'],
  'Higher Education': ['University', 'College'],
};

export const NAME_STEMS = [
  'Lumen', 'Brightwell', 'Northwind', 'Quanta', 'Tidewater', 'Kestrel', 'Ondine', 'Cobalt', 'Ledger', 'Atlas', 'Harbor', 'Nimbus',
  'Vertex', 'Juniper', 'Solstice', 'Ironclad', 'Bluefin', 'Copperline', 'Meridian', 'Orchard', 'Summit', 'Falconer', 'Granite',
  'Willow', 'Aurora', 'Beacon', 'Cedar', 'Deltaray', 'Ember', 'Fjord', 'Helix', 'Indigo', 'Keystone', 'Lattice', 'Mosaic',
  'Novela', 'Onyx', 'Pioneer', 'Quarry', 'Redwood', 'Sable', 'Tandem', 'Vantage', 'Wren', 'Zephyr', 'Acorn', 'Brio', 'Cirrus',
  'Driftwood', 'Evergreen', 'Foxglove', 'Goldcrest', 'Highland', 'Ivory', 'Jadeite', 'Kinetic', 'Lodestar', 'Magnolia',
  'Nautilus', 'Oakridge', 'Paragon', 'Quillon', 'Riverbend', 'Silverline', 'Trellis', 'Upland', 'Verdant', 'Westbrook',
  'Yarrow', 'Zenith', 'Alder', 'Bramble', 'Caspian', 'Dunmore', 'Elmstead', 'Fairhaven', 'Glenmore', 'Hawthorn', 'Inkwell',
  'Larkspur', 'Marlowe', 'Northgate', 'Oriel', 'Peregrine', 'Rosewood', 'Saltmarsh', 'Thornbury', 'Umber', 'Vireo',
];

export const FIRST_NAMES: Record<TLang, readonly string[]> = {
  en: ['James', 'Olivia', 'Michael', 'Emma', 'David', 'Sophia', 'Daniel', 'Ava', 'Matthew', 'Emily', 'Ryan', 'Hannah', 'Chris', 'Megan', 'Andrew', 'Lauren', 'Kevin', 'Rachel', 'Brian', 'Jessica', 'Jason', 'Sarah', 'Tyler', 'Ashley', 'Nathan', 'Rebecca', 'Eric', 'Natalie', 'Sam', 'Grace', 'Aisha', 'Carlos', 'Noah', 'Liam', 'Chloe', 'Ben', 'Amelia', 'Jack', 'Isla', 'Harry', 'Freya', 'George', 'Ethan', 'Zoe', 'Mia', 'Owen', 'Ruby', 'Connor', 'Abigail', 'Marcus'],
  fr: ['Camille', 'Julien', 'Léa', 'Thomas', 'Manon', 'Nicolas', 'Chloé', 'Antoine', 'Inès', 'Maxime', 'Sarah', 'Hugo', 'Emma', 'Louis', 'Claire', 'Mathieu', 'Juliette', 'Pierre', 'Élodie', 'Guillaume', 'Margaux', 'Romain', 'Pauline', 'Sébastien', 'Anaïs', 'Théo', 'Céline', 'Baptiste', 'Amélie', 'Quentin'],
  de: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Sophie', 'Maximilian', 'Marie', 'Leon', 'Laura', 'Paul', 'Julia', 'Tobias', 'Katharina', 'Florian', 'Lena', 'Stefan', 'Sabine', 'Matthias', 'Nina', 'Jan', 'Hannah', 'Moritz', 'Carina', 'Sebastian', 'Franziska'],
  es: ['Lucía', 'Alejandro', 'María', 'Javier', 'Carmen', 'Pablo', 'Laura', 'Daniel', 'Paula', 'Sergio', 'Marta', 'Diego', 'Elena', 'Adrián', 'Sara', 'Álvaro', 'Cristina', 'Raúl', 'Ana', 'Jorge'],
  it: ['Giulia', 'Marco', 'Francesca', 'Alessandro', 'Chiara', 'Luca', 'Sara', 'Matteo', 'Valentina', 'Andrea', 'Elena', 'Davide', 'Martina', 'Simone', 'Federica', 'Lorenzo'],
  nl: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Sanne', 'Thijs', 'Lotte', 'Bram', 'Fleur', 'Ruben', 'Anouk', 'Jesse', 'Iris', 'Stijn', 'Eva'],
  nordic: ['Erik', 'Astrid', 'Lars', 'Ingrid', 'Johan', 'Sofia', 'Anders', 'Maja', 'Henrik', 'Elin', 'Mikkel', 'Freja', 'Ola', 'Nora', 'Mikko', 'Aino'],
  pt: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Juliana', 'Rafael', 'Camila'],
  in: ['Arjun', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Neha', 'Rahul', 'Kavya', 'Aditya', 'Sneha'],
  ja: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Yuto', 'Sakura'],
  sg: ['Wei Ling', 'Jun Jie', 'Hui Min', 'Kai Xiang', 'Daniel', 'Rachel', 'Marcus', 'Priya'],
};

export const LAST_NAMES: Record<TLang, readonly string[]> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Patel', 'Nguyen', 'Chen', 'Kim', "O'Brien", 'MacDonald', 'Hughes', 'Wood', 'Ward', 'Cooper', 'Bennett', 'Fraser'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'Legrand', 'Gauthier', 'Chevalier'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler'],
  es: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Álvarez', 'Muñoz', 'Romero', 'Navarro', 'Torres'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa', 'Giordano'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters'],
  nordic: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsen', 'Hansen', 'Nielsen', 'Jensen', 'Pedersen', 'Olsen', 'Berg', 'Virtanen', 'Korhonen', 'Lindqvist', 'Holm'],
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Rodrigues', 'Carvalho'],
  in: ['Sharma', 'Patel', 'Singh', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Mehta', 'Kumar', 'Rao'],
  ja: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura'],
  sg: ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Goh', 'Chua', 'Koh'],
};

/**
 * Job titles as people write them, in their language; each one is read by the authority
 * classifier as the level it is listed under (the seed test checks this).
 */
export const DEMO_TITLES: Record<'en' | 'fr' | 'de' | 'es' | 'it' | 'nl' | 'pt', Record<TAuthorityClass, readonly string[]>> = {
  en: {
    decision_maker: ['VP Sales', 'Vice-President, Revenue', 'Chief Revenue Officer', 'CEO', 'Founder & CEO', 'Head of Sales EMEA', 'Director of Marketing', 'Marketing Director', 'Head of Revenue Operations', 'VP Marketing', 'Sr Dir, Demand Gen', 'Managing Director', 'Head of Growth', 'COO', 'CMO', 'SVP, Global Sales', 'Director of Sales Operations', 'General Manager', 'Co-Founder', 'Head of Demand Generation', 'Commercial Director', 'Country Manager Nordics'],
    influencer: ['Sales Manager', 'Marketing Operations Manager', 'Sr. Mktg Mgr', 'Revenue Operations Manager', 'Team Lead', 'Demand Generation Manager', 'Sales Operations Manager', 'Deputy Head of Marketing', 'Associate Director, Brand', 'Chief of Staff', 'Senior Marketing Manager', 'Growth Manager', 'Customer Success Manager', 'Manager, Sales Development'],
    end_user: ['Account Executive', 'Sales Development Representative', 'Marketing Coordinator', 'Lead Generation Specialist', 'Business Development Representative', 'Marketing Specialist', 'Executive Assistant', 'Assistant to the CEO', 'Software Engineer', 'Marketing Operations Specialist'],
    researcher: ['Marketing Intern', 'MBA Student', 'Research Analyst', 'Market Research Analyst', 'Analyst', 'PhD Candidate', 'Student', 'Graduate Trainee', 'Sales Operations Analyst'],
  },
  fr: {
    decision_maker: ['Directeur commercial', 'Directrice marketing', 'Directrice commerciale', 'PDG', 'Président-directeur général', 'DG', 'Directeur des ventes'],
    influencer: ['Responsable marketing', 'Chef de projet', 'Directeur adjoint', 'Responsable des ventes'],
    end_user: ['Ingénieur', 'Assistante de direction', 'Assistant du PDG', 'Chargée de marketing'],
    researcher: ['Stagiaire'],
  },
  de: {
    decision_maker: ['Geschäftsführer', 'Geschäftsführerin', 'Leiter Vertrieb', 'Leiterin Marketing', 'Vertriebsleiter', 'Verkaufsleiterin'],
    influencer: ['Abteilungsleiter', 'Teamleiter Vertrieb', 'Bereichsleiter', 'Marketingmanager'],
    end_user: ['Softwareentwickler', 'Assistentin der Geschäftsführung', 'Vertriebsmitarbeiter'],
    researcher: ['Werkstudent Vertrieb', 'Praktikantin Marketing'],
  },
  es: {
    decision_maker: ['Director comercial', 'Directora comercial', 'Consejero Delegado', 'Directora de marketing'],
    influencer: ['Gerente de ventas', 'Jefe de ventas', 'Jefa de marketing', 'Responsable de marketing'],
    end_user: ['Ingeniero de ventas'],
    researcher: ['Becario'],
  },
  it: {
    decision_maker: ['Direttore commerciale', 'Amministratore delegato'],
    influencer: ['Responsabile marketing', 'Responsabile vendite'],
    end_user: ['Account Executive'],
    researcher: ['Stagista'],
  },
  nl: {
    decision_maker: ['Directeur', 'Hoofd Marketing', 'Eigenaar'],
    influencer: ['Accountmanager', 'Teamleider Sales'],
    end_user: ['Marketing Specialist'],
    researcher: ['Stagiair'],
  },
  pt: {
    decision_maker: ['Diretora de Vendas', 'Diretor Comercial'],
    influencer: ['Gerente de Vendas'],
    end_user: ['Account Executive'],
    researcher: ['Estagiário', 'Analista de Marketing'],
  },
};

export const TITLE_LANG: Record<TLang, keyof typeof DEMO_TITLES> = {
  en: 'en', fr: 'fr', de: 'de', es: 'es', it: 'it', nl: 'nl', nordic: 'en', pt: 'pt', in: 'en', ja: 'en', sg: 'en',
};

export const TECH = ['Salesforce', 'HubSpot', 'Pipedrive', 'Marketo', 'Outreach', 'Gong', 'Segment', 'Salesloft', 'Zendesk', 'Slack', 'Snowflake', 'Jira', 'Intercom'];
export const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com'];

export interface TCompanyPlan {
  name: string;
  domain: string;
  employees?: number;
  industry?: string;
  country: TCountry;
  techStack?: string[];
  fit: TFitClass;
  targetAccount: boolean;
  /** The account executive who owns a target account. */
  ownerEmail?: string;
  /** More contacts at bigger, better-known companies. */
  weight: number;
}

export function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export function logUniform(rng: TRng, min: number, max: number): number {
  return Math.round(Math.exp(rng.between(Math.log(min), Math.log(max))));
}

export function pickCountry(rng: TRng, weights: Record<string, number>): TCountry {
  return COUNTRIES[rng.weighted(weights)]!;
}

/** Sales territories: Inès has southern Europe and France, Tom the UK, DACH, Benelux and the Nordics, the Americas are split three ways, Lachlan has APAC. */
export function territoryOwner(rng: TRng, country: TCountry): string | undefined {
  const ines = teamEmail('ines.moreau');
  const tom = teamEmail('tom.harrington');
  const americas = [teamEmail('dan.whitaker'), teamEmail('marcus.bell'), teamEmail('priya.shah')];
  const byCountry: Record<string, string | string[]> = {
    FR: ines, BE: ines, CH: ines, ES: ines, IT: ines,
    GB: tom, IE: tom, NL: tom, DE: tom, AT: tom, SE: tom, DK: tom, NO: tom, FI: tom,
    US: americas, CA: americas,
    AU: teamEmail('lachlan.reid'), NZ: teamEmail('lachlan.reid'),
  };
  const owner = byCountry[country.code];
  return Array.isArray(owner) ? rng.pick(owner) : owner;
}

export function makeCompanies(rng: TRng, total: number): TCompanyPlan[] {
  const usedDomains = new Set<string>();
  const companies: TCompanyPlan[] = [];
  const mix: Record<TFitClass, number> = { icp: 0.45, borderline: 0.23, out: 0.32 };
  for (let i = 0; i < total; i += 1) {
    const fit = rng.weighted(mix);
    let country = pickCountry(rng, COVERED_WEIGHTS);
    let employees: number | undefined = logUniform(rng, 50, 2000);
    let industries = ICP_INDUSTRIES;
    if (fit === 'borderline') {
      // One dimension just outside the ICP: size, an adjacent industry, or size unknown.
      const which = rng.weighted({ small: 0.35, large: 0.2, industry: 0.3, unknownSize: 0.15 });
      if (which === 'small') employees = rng.int(20, 49);
      if (which === 'large') employees = rng.int(2100, 5000);
      if (which === 'industry') industries = BORDERLINE_INDUSTRIES;
      if (which === 'unknownSize') employees = undefined;
    } else if (fit === 'out') {
      const which = rng.weighted({ tiny: 0.35, huge: 0.1, industry: 0.35, country: 0.2 });
      if (which === 'tiny') employees = rng.int(2, 15);
      if (which === 'huge') employees = logUniform(rng, 8000, 120000);
      if (which === 'industry') industries = OUT_INDUSTRIES;
      if (which === 'country') country = pickCountry(rng, OUTSIDE_WEIGHTS);
    }
    const industry = rng.pick(Object.keys(industries));
    let name = '';
    let domain = '';
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const stem = rng.pick(NAME_STEMS);
      const suffix = rng.pick(industries[industry]!);
      name = `${stem} ${suffix}`;
      domain = `${ascii(stem)}${rng.chance(0.5) ? ascii(suffix) : ''}.${rng.pick(country.tlds)}`;
      if (!usedDomains.has(domain)) break;
      domain = `${ascii(stem)}-${ascii(suffix)}${attempt}.${rng.pick(country.tlds)}`;
      if (!usedDomains.has(domain)) break;
    }
    usedDomains.add(domain);
    const legal = rng.pick(country.legal);
    const targetAccount = fit === 'icp' && rng.chance(0.05);
    // Most accounts are owned by their territory's rep (the CRM's assignment rules); the
    // rest reach sales through the round-robin.
    const ownerEmail = targetAccount || rng.chance(0.7) ? territoryOwner(rng, country) : undefined;
    companies.push({
      name: legal ? `${name} ${legal}` : name,
      domain,
      employees,
      industry: rng.chance(0.97) ? industry : undefined,
      country,
      techStack: rng.chance(0.7) ? rng.sample(TECH, rng.int(1, 4)) : undefined,
      fit,
      targetAccount,
      ownerEmail,
      weight: targetAccount ? 2.5 : employees && employees > 500 ? 1.5 : 1,
    });
  }
  return companies;
}

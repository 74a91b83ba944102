import { toCountryCode, countryName } from './country';
import { displayLine } from './display-text';
import type { TCompany } from './schemas';
import { foldText } from './text';

// What a rep can say about the company itself: who they are (size, industry, where, what
// they run on) and the pain companies like them usually have. Plain words, no scoring terms.

export interface TIndustryPain {
  family: string;
  pain: string;
  question: string;
}

/**
 * Pains by industry family, each matched on words of the industry as the CRM names it.
 * The first family with a matching word wins.
 */
const INDUSTRY_PAINS: readonly (TIndustryPain & { words: readonly string[] })[] = [
  {
    family: 'software',
    words: ['software', 'saas', 'internet', 'information technology', 'computer', 'cloud', 'it services'],
    pain: 'trial sign-ups and demo requests cool off within hours, and the first vendor to call usually wins',
    question: 'When a trial sign-up comes in, how soon does someone from sales reach out today?',
  },
  {
    family: 'finance',
    words: ['financial', 'banking', 'bank', 'insurance', 'fintech', 'investment', 'accounting', 'capital markets'],
    pain: 'every new prospect goes through compliance and security reviews, so deals stall between first call and contract',
    question: 'Which reviews does a new vendor go through on your side, and who runs them?',
  },
  {
    family: 'health',
    words: ['health', 'hospital', 'medical', 'pharma', 'biotech', 'clinical', 'life sciences'],
    pain: 'clinical, IT and procurement all weigh in, so one keen contact rarely moves a purchase alone',
    question: 'Besides you, who has to agree: clinical leads, IT, procurement?',
  },
  {
    family: 'manufacturing',
    words: ['manufacturing', 'industrial', 'machinery', 'automotive', 'electronics', 'chemicals', 'construction'],
    pain: 'inquiries arrive through distributors, trade shows and the website, and too many land with the wrong team or territory',
    question: 'How do you decide today which rep or distributor gets a new inquiry?',
  },
  {
    family: 'retail',
    words: ['retail', 'e commerce', 'ecommerce', 'consumer', 'apparel', 'food', 'wholesale'],
    pain: 'seasonal peaks flood the team with inquiries, and the valuable ones wait in the same queue as the rest',
    question: 'What happens to inbound inquiries during your busiest season?',
  },
  {
    family: 'services',
    words: ['professional services', 'consulting', 'marketing', 'advertising', 'staffing', 'recruiting', 'legal', 'agency'],
    pain: 'the people who sell also deliver, so follow-ups on new inquiries slip whenever client work is busy',
    question: 'Who follows up a new inquiry when the senior people are on client work?',
  },
  {
    family: 'education',
    words: ['education', 'e learning', 'elearning', 'university', 'school', 'training'],
    pain: 'enquiries spike around term dates and enrolment windows, and a late reply loses them to another provider',
    question: 'How quickly can your team answer an enquiry in the weeks before enrolment?',
  },
  {
    family: 'telecom',
    words: ['telecommunications', 'telecom', 'wireless', 'networking'],
    pain: 'leads for many products and regions arrive in one stream, and nobody is sure who owns which',
    question: 'When a business customer asks about a new line or product, who picks it up?',
  },
  {
    family: 'logistics',
    words: ['logistics', 'transportation', 'shipping', 'freight', 'supply chain', 'trucking'],
    pain: 'a quote request needs an answer the same day, or the shipper books with someone else',
    question: 'How long does a quote request wait today before someone answers it?',
  },
];

/** The pain companies of this industry usually have, or null for an industry we have no words for. */
export function industryPain(industry: string | undefined): TIndustryPain | null {
  if (!industry) return null;
  const text = ` ${foldText(industry)} `;
  const found = INDUSTRY_PAINS.find((family) => family.words.some((word) => text.includes(` ${foldText(word)} `)));
  return found ? { family: found.family, pain: found.pain, question: found.question } : null;
}

/** The pain that comes with the company's size, for a company whose industry says nothing we know. */
export function sizePain(employees: number | undefined): TIndustryPain | null {
  if (employees === undefined) return null;
  if (employees < 50) {
    return {
      family: 'small',
      pain: 'a handful of people handle every lead alongside everything else, so inquiries wait until someone has a moment',
      question: 'Who answers a new inquiry today, and what else are they doing that week?',
    };
  }
  if (employees <= 1000) {
    return {
      family: 'growing',
      pain: 'leads are spread over a growing team, and gaps in who owns what appear as it hires',
      question: 'How do you decide which rep gets a new lead, and what happens when they are away?',
    };
  }
  return {
    family: 'large',
    pain: 'several teams and regions share the leads, and hand-offs between them get lost',
    question: 'When a lead belongs to another region or team, how does it get there, and who checks?',
  };
}

/** "Computer Software" reads "computer software" in a sentence; "SaaS" and "IT" keep their capitals. */
function inSentence(industry: string): string {
  return industry
    .split(/\s+/)
    .map((word) => (/^\p{Lu}[\p{Ll}-]*$/u.test(word) ? word.toLowerCase() : word))
    .join(' ');
}

/** The company as a rep would describe it: "a 400-person computer software company in the United States, using Salesforce". */
export function companySituation(company: TCompany | undefined): string | null {
  if (!company) return null;
  const size = company.employees !== undefined ? `${company.employees.toLocaleString('en-US')}-person` : null;
  const industry = company.industry ? inSentence(displayLine(company.industry)) : null;
  const code = toCountryCode(company.country);
  const where = code ? ` in ${countryName(code).replace(/^(United|Netherlands|Czech|Philippines)/, 'the $1')}` : '';
  const stack = company.techStack?.length ? `, using ${company.techStack.slice(0, 3).map(displayLine).join(', ')}` : '';
  if (!size && !industry && !where && !stack) return null;
  const what = [size, industry].filter(Boolean).join(' ');
  const article = what ? (/^[aeiou8]|^1[18]-/i.test(what) ? 'an' : 'a') : 'a';
  return `${article} ${what ? `${what} ` : ''}company${where}${stack}`;
}

import type { TCsvFormat } from './csv';
import { enumToWords } from './csv-values';

/**
 * HubSpot: Contacts → Export (CSV), "all properties" or a view. Headers are the property
 * labels HubSpot shows; the internal property names (`jobtitle`, `hs_analytics_source`)
 * are accepted too, for exports made through the API or a workflow.
 *
 * - Owner: "Contact owner" holds the owner's name in UI exports (matched to a Handshake
 *   user by name) or an e-mail; an owner nobody here matches leaves the lead to the round-robin.
 * - Source: the original source (first touch) — the funnel by source is about where a lead
 *   came from; the latest source only when the original is empty.
 * - Campaign: the HubSpot campaign, else the first conversion (the first form submitted).
 * - Lifecycle: "Became a Marketing/Sales Qualified Lead Date" are the lead's historical MQL
 *   and SQL instants; "Became an Opportunity Date" and "Became a Customer Date" become
 *   `opportunity_created` and `closed_won` events (`hubspot:<record id>:opportunity`,
 *   `hubspot:<record id>:closed_won`). The newer "Date entered … (Lifecycle Stage Pipeline)"
 *   properties are read the same way.
 * - Dates are wall-clock in the portal's time zone: pass --timezone (UTC otherwise).
 */
export const HUBSPOT_FORMAT: TCsvFormat = {
  id: 'hubspot',
  label: 'HubSpot contacts export',
  columns: {
    recordId: ['Record ID', 'Contact ID', 'VID', 'hs_object_id'],
    email: ['Email', 'E-mail', 'Email Address'],
    firstName: ['First Name', 'firstname'],
    lastName: ['Last Name', 'lastname'],
    title: ['Job Title', 'jobtitle'],
    companyName: ['Company Name', 'company', 'Associated Company'],
    companyDomain: ['Company Domain Name', 'hs_email_domain'],
    website: ['Website URL', 'website'],
    employees: ['Number of Employees', 'numemployees', 'Company size'],
    industry: ['Industry'],
    country: ['Country/Region', 'Country', 'Country/Region Code'],
    source: ['Original Source', 'Original Traffic Source', 'hs_analytics_source'],
    latestSource: ['Latest Source', 'Latest Traffic Source', 'hs_latest_source'],
    campaign: ['Campaign', 'HubSpot Campaign', 'First Conversion', 'First Conversion Event Name', 'first_conversion_event_name'],
    owner: ['Contact Owner Email', 'Contact owner', 'HubSpot Owner'],
    lifecycleStage: ['Lifecycle Stage', 'lifecyclestage'],
    leadStatus: ['Lead Status', 'hs_lead_status'],
    targetAccount: ['Target Account', 'Is Target Account', 'hs_is_target_account'],
    mqlDate: [
      'Became a Marketing Qualified Lead Date',
      'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"',
      'hs_lifecyclestage_marketingqualifiedlead_date',
    ],
    sqlDate: [
      'Became a Sales Qualified Lead Date',
      'Date entered "Sales Qualified Lead (Lifecycle Stage Pipeline)"',
      'hs_lifecyclestage_salesqualifiedlead_date',
    ],
    opportunityDate: ['Became an Opportunity Date', 'Date entered "Opportunity (Lifecycle Stage Pipeline)"', 'hs_lifecyclestage_opportunity_date'],
    customerDate: ['Became a Customer Date', 'Date entered "Customer (Lifecycle Stage Pipeline)"', 'hs_lifecyclestage_customer_date'],
    createDate: ['Create Date', 'createdate'],
  },
  // Internal industry values whose label is not just the words of the enum; the rest
  // (COMPUTER_SOFTWARE → Computer Software) are converted word by word.
  industries: {
    HOSPITAL_HEALTH_CARE: 'Hospital & Health Care',
    COMPUTER_NETWORK_SECURITY: 'Computer & Network Security',
    FOOD_BEVERAGES: 'Food & Beverages',
    OIL_ENERGY: 'Oil & Energy',
    LEISURE_TRAVEL_TOURISM: 'Leisure, Travel & Tourism',
    HEALTH_WELLNESS_AND_FITNESS: 'Health, Wellness and Fitness',
    PROFESSIONAL_TRAINING_COACHING: 'Professional Training & Coaching',
    VENTURE_CAPITAL_PRIVATE_EQUITY: 'Venture Capital & Private Equity',
    NONPROFIT_ORGANIZATION_MANAGEMENT: 'Non-Profit Organization Management',
    OUTSOURCING_OFFSHORING: 'Outsourcing/Offshoring',
    MECHANICAL_OR_INDUSTRIAL_ENGINEERING: 'Mechanical or Industrial Engineering',
  },
  industryEnums: true,
  // Original Source internal values whose label differs from the enum's words.
  sources: {
    SOCIAL_MEDIA: 'Organic Social',
    OFFLINE: 'Offline Sources',
    AI_REFERRALS: 'AI Referrals',
  },
  normaliseRecordId: (raw) => (/^\d{1,20}$/.test(raw.trim()) ? raw.trim() : null),
  convertedStatuses: [],
};

const isEnumValue = (value: string) => /^[A-Z0-9_]+$/.test(value);

/** A HubSpot industry's internal value (COMPUTER_SOFTWARE) as the words HubSpot shows. */
export function hubspotIndustryLabel(value: string): string {
  return HUBSPOT_FORMAT.industries[value] ?? (isEnumValue(value) ? enumToWords(value) : value);
}

/** An original source's internal value (ORGANIC_SEARCH) as the words HubSpot shows. */
export function hubspotSourceLabel(value: string): string {
  return HUBSPOT_FORMAT.sources[value] ?? (isEnumValue(value) ? enumToWords(value) : value);
}

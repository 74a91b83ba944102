import { salesforceId18 } from '../../shared/salesforce-id';
import type { TCsvFormat } from './csv';

/**
 * Salesforce: a Leads report (tabular or "Export details", CSV). Headers are the report's
 * column labels; the API names (`NumberOfEmployees`, `MQL_Date__c`) are accepted too.
 *
 * - Record id: reports export the 15-character id; it is stored in its 18-character form,
 *   the one Lightning record pages show and the sidebar looks leads up by.
 * - Owner: "Owner Email" when the report has it, else "Lead Owner" (a name, matched to a
 *   Handshake user by name).
 * - MQL and SQL dates: Salesforce has no standard fields for them. Most orgs add date(-time)
 *   custom fields; add them to the report as "MQL Date" and "SQL Date" (API names
 *   `MQL_Date__c`, `SQL_Date__c`, also read). Without them leads are imported and scored,
 *   with no lifecycle history.
 * - Conversion: a converted lead ("Converted" checked, or a "Converted Date") became an
 *   opportunity on its conversion date: an `opportunity_created` event
 *   (`salesforce:<18-char id>:opportunity`). A leads report carries no deal outcome, so no wins.
 * - Industry: the standard picklist's broad values that the default charter names
 *   differently are translated (Technology, Finance, Consulting); the rest stay as they are.
 * - Dates follow the exporting user's locale: M/D/YYYY (en_US) unless the file shows
 *   day-first dates; wall-clock in that user's time zone — pass --timezone (UTC otherwise).
 */
export const SALESFORCE_FORMAT: TCsvFormat = {
  id: 'salesforce',
  label: 'Salesforce leads report',
  columns: {
    recordId: ['Lead ID', 'Lead ID (18)', 'Id', 'Record ID'],
    email: ['Email', 'Email Address'],
    firstName: ['First Name', 'FirstName'],
    lastName: ['Last Name', 'LastName'],
    title: ['Title', 'Job Title'],
    companyName: ['Company / Account', 'Company', 'Account Name'],
    website: ['Website'],
    employees: ['No. of Employees', 'Employees', 'NumberOfEmployees'],
    industry: ['Industry'],
    country: ['Country', 'Country Code', 'CountryCode'],
    source: ['Lead Source', 'LeadSource'],
    campaign: ['Campaign Name', 'Primary Campaign Source', 'Campaign'],
    owner: ['Owner Email', 'Lead Owner Email', 'Lead Owner', 'Owner Name', 'Owner'],
    leadStatus: ['Lead Status', 'Status'],
    targetAccount: ['Target Account', 'Target_Account__c'],
    mqlDate: ['MQL Date', 'MQL_Date__c', 'Marketing Qualified Date'],
    sqlDate: ['SQL Date', 'SQL_Date__c', 'Sales Qualified Date'],
    converted: ['Converted', 'Is Converted', 'IsConverted'],
    convertedDate: ['Converted Date', 'ConvertedDate'],
    createDate: ['Create Date', 'Created Date', 'CreatedDate'],
  },
  industries: {
    Technology: 'Information Technology and Services',
    Finance: 'Financial Services',
    Consulting: 'Management Consulting',
  },
  industryEnums: false,
  sources: {},
  normaliseRecordId: salesforceId18,
  convertedStatuses: ['Closed - Converted', 'Converted', 'Qualified'],
};

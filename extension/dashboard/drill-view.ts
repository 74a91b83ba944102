import { displayLine } from '../../shared/display-text';
import { describeRoute, describeSkip } from '../../shared/routing-view';
import type { TRepHandover, TSourceLeads } from '../lib/types';
import { csvMinutes, type TCsvCell } from '../ui/csv';
import { formatBusinessDuration, formatDateTime } from '../ui/format';

// The drill-downs' rows in words, for the tables and their CSV files. Pure.

export const SLA_WORDS: Record<TRepHandover['sla'], string> = {
  met: 'Met',
  breached: 'Breached',
  pending: 'Pending',
  rejected_without_contact: 'Rejected without contact',
};
export const OUTCOME_WORDS: Record<TRepHandover['outcome'], string> = { accepted: 'Accepted', rejected: 'Rejected', undecided: 'Undecided' };

export const HANDOVER_COLUMNS = ['Lead', 'Company', 'Started', 'Outcome', 'Reason', 'Note', 'First touch (business)', 'First touch (calendar)', 'SLA', 'Routed by'] as const;

/** How the owner was chosen, and who was skipped: "Rule "EMEA" · skipped Ana Ruiz: out of office until Jan 2". */
export function routedBy(item: Pick<TRepHandover, 'routing'>): string {
  if (!item.routing) return '—';
  const skipped = item.routing.skipped.map(describeSkip);
  return displayLine(describeRoute(item.routing) + (skipped.length > 0 ? ` · skipped ${skipped.join('; ')}` : ''));
}

export function handoverCells(item: TRepHandover, timeZone?: string): string[] {
  return [
    displayLine(item.leadName ?? item.leadEmail),
    displayLine(item.company ?? ''),
    formatDateTime(item.startedAt, timeZone),
    OUTCOME_WORDS[item.outcome],
    displayLine(item.reason?.label ?? ''),
    displayLine(item.note ?? ''),
    item.firstTouchAt === null ? 'No touch yet' : formatBusinessDuration(item.firstTouchBusinessMs),
    item.firstTouchAt === null ? '—' : formatBusinessDuration(item.firstTouchCalendarMs),
    SLA_WORDS[item.sla],
    routedBy(item),
  ];
}

export const HANDOVER_CSV_HEADER = [
  'Lead',
  'E-mail',
  'Company',
  'Holder',
  'Started',
  'Deadline',
  'Outcome',
  'Reason',
  'Note',
  'First touch at',
  'First touch (business minutes)',
  'First touch (calendar minutes)',
  'SLA',
  'Routed by',
];

export function handoverCsvRow(item: TRepHandover): TCsvCell[] {
  return [
    displayLine(item.leadName ?? ''),
    item.leadEmail,
    displayLine(item.company ?? ''),
    displayLine(item.ownerName),
    item.startedAt,
    item.deadline,
    OUTCOME_WORDS[item.outcome],
    displayLine(item.reason?.label ?? ''),
    displayLine(item.note ?? ''),
    item.firstTouchAt,
    csvMinutes(item.firstTouchBusinessMs),
    csvMinutes(item.firstTouchCalendarMs),
    SLA_WORDS[item.sla],
    item.routing ? routedBy(item) : '',
  ];
}

type TLead = TSourceLeads['items'][number];
export const LEAD_COLUMNS = ['Lead', 'Company', 'Stage', 'Created', 'MQL', 'SQL', 'Won', 'Owner'] as const;
const day = (iso: string | null) => (iso === null ? '—' : iso.slice(0, 10));

export function leadCells(lead: TLead): string[] {
  return [displayLine(lead.name ?? lead.email), displayLine(lead.company ?? ''), lead.stage.toUpperCase(), day(lead.createdAt), day(lead.mqlAt), day(lead.sqlAt), day(lead.wonAt), displayLine(lead.ownerName ?? 'Nobody')];
}

export const LEAD_CSV_HEADER = ['Lead', 'E-mail', 'Company', 'Source', 'Campaign', 'Stage', 'Created', 'MQL at', 'SQL at', 'Won at', 'Owner'];

export function leadCsvRow(lead: TLead): TCsvCell[] {
  return [
    displayLine(lead.name ?? ''),
    lead.email,
    displayLine(lead.company ?? ''),
    displayLine(lead.source ?? ''),
    displayLine(lead.campaign ?? ''),
    lead.stage,
    lead.createdAt,
    lead.mqlAt,
    lead.sqlAt,
    lead.wonAt,
    displayLine(lead.ownerName ?? ''),
  ];
}

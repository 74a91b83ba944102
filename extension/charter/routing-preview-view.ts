import { displayLine } from '../../shared/display-text';
import { describeRoute, describeSkip } from '../../shared/routing-view';
import type { TRoutingPreview, TRoutingPreviewLead } from '../lib/types';
import type { TCsvCell } from '../ui/csv';

// The routing preview's tables as text: who the draft would give each lead and why, against
// who holds it today, and the load per rep. Pure; the page and its test read the same words.

type TLoad = TRoutingPreview['load'][number];

export const PREVIEW_LEAD_COLUMNS = ['Lead', 'Would go to', 'Why', 'Holds it today', 'Change'] as const;
export const PREVIEW_LOAD_COLUMNS = ['Rep', 'Weight', 'Open now', 'Would get', 'Capacity'] as const;

/** The lead as a person knows it: its name, else its e-mail. */
export const leadName = (lead: Pick<TRoutingPreviewLead, 'name' | 'email'>) => displayLine(lead.name ?? lead.email);

/** The owner the draft would give, or why there is none. */
export const ownerText = (lead: Pick<TRoutingPreviewLead, 'owner'>) => (lead.owner ? displayLine(lead.owner.name) : 'Nobody available');

export const heldByText = (lead: Pick<TRoutingPreviewLead, 'heldBy'>) => (lead.heldBy ? displayLine(lead.heldBy.name) : '—');

/** One line on how the owner would be chosen; "No rep of the pools could take it" when nobody would. */
export function routeText(lead: Pick<TRoutingPreviewLead, 'route'>): string {
  if (!lead.route) return 'No rep of the pools could take it';
  return displayLine(describeRoute(lead.route)) + (lead.route.nobodyWorkingNow ? ' (nobody in the pool was in working hours)' : '');
}

/** Who was passed over and why: "Ana Ruiz: out of office until Jan 2". */
export const skipTexts = (lead: Pick<TRoutingPreviewLead, 'route'>) => (lead.route?.skipped ?? []).map((skip) => displayLine(describeSkip(skip)));

/** Whether the draft would give the lead to someone other than who holds it today (a lead held by nobody does not move). */
export function ownerChanges(lead: Pick<TRoutingPreviewLead, 'owner' | 'heldBy'>): boolean {
  return lead.heldBy !== null && lead.owner?.id !== lead.heldBy.id;
}

/** "Moves" to another rep, "Stays" with the rep who holds it, "—" when nobody holds it today. */
export function changeText(lead: Pick<TRoutingPreviewLead, 'owner' | 'heldBy'>): string {
  if (lead.heldBy === null) return '—';
  return ownerChanges(lead) ? 'Moves' : 'Stays';
}

/** A lead's row, cell by cell, as the table reads it (the skips apart, under the route). */
export function previewLeadCells(lead: TRoutingPreviewLead): string[] {
  return [leadName(lead), ownerText(lead), routeText(lead), heldByText(lead), changeText(lead)];
}

/** "12 leads: 3 would change hands, 1 nobody could take." */
export function previewSummary(preview: Pick<TRoutingPreview, 'leads'>): string {
  const count = preview.leads.length;
  const moving = preview.leads.filter(ownerChanges).length;
  const nobody = preview.leads.filter((lead) => lead.owner === null).length;
  const parts = [`${moving} would change hands`, ...(nobody > 0 ? [`${nobody} nobody could take`] : [])];
  return `${count} ${count === 1 ? 'lead' : 'leads'}: ${parts.join(', ')}.`;
}

/** "120 more leads handed over in the range left out: the preview takes the most recent." */
export function leftOutText(leftOut: number): string | null {
  if (leftOut <= 0) return null;
  return `${leftOut} more ${leftOut === 1 ? 'lead' : 'leads'} handed over in the range left out: the preview takes the most recent.`;
}

/** Whether the open handovers and those the draft would give reach the rep's capacity. */
export const atCapacity = (row: TLoad) => row.capacity !== null && row.openNow + row.wouldGet >= row.capacity;

/** A rep's load, cell by cell: weight, open handovers now, leads the draft would give, capacity ("no limit" without one, "25, reached" once reached). */
export function loadCells(row: TLoad): string[] {
  const capacity = row.capacity === null ? 'no limit' : atCapacity(row) ? `${row.capacity}, reached` : String(row.capacity);
  return [displayLine(row.name), String(row.weight), String(row.openNow), String(row.wouldGet), capacity];
}

export const PREVIEW_CSV_HEADER = ['Lead e-mail', 'Lead name', 'Company', 'Would go to', 'Why', 'Skipped', 'Holds it today', 'Change'] as const;

export function previewCsvRows(preview: Pick<TRoutingPreview, 'leads'>): TCsvCell[][] {
  return preview.leads.map((lead) => [lead.email, lead.name, lead.company, lead.owner?.name ?? null, routeText(lead), skipTexts(lead).join('; '), lead.heldBy?.name ?? null, lead.heldBy === null ? null : changeText(lead)]);
}

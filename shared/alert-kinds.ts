// The alerts a person may get by e-mail, with their names in the people page. Dependency-free
// for the extension's pages.

export const ALERT_KINDS = ['sla_warning', 'sla_breach', 'reassigned', 'nudge', 'weekly_report'] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Readonly<Record<TAlertKind, string>> = {
  sla_warning: 'SLA warnings',
  sla_breach: 'SLA breaches',
  reassigned: 'Leads reassigned',
  nudge: 'Nudges from a manager',
  weekly_report: 'The weekly sync report (managers and RevOps)',
};

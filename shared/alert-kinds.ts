// The alerts a person may get by e-mail and on the desktop, with their names in the people and
// options pages. Dependency-free for the extension's pages.

export const ALERT_KINDS = ['sla_warning', 'sla_breach', 'reassigned', 'nudge', 'weekly_report'] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];
/** What the extension may show as a desktop notification: every kind but the weekly report. */
export const DESKTOP_ALERT_KINDS = ['sla_warning', 'sla_breach', 'reassigned', 'nudge'] as const satisfies readonly TAlertKind[];
export type TDesktopAlertKind = (typeof DESKTOP_ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Readonly<Record<TAlertKind, string>> = {
  sla_warning: 'SLA warnings',
  sla_breach: 'SLA breaches',
  reassigned: 'Leads reassigned',
  nudge: 'Nudges from a manager',
  weekly_report: 'The weekly sync report (managers and RevOps)',
};

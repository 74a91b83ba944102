import { AUTHORITY_LEVELS, ENGAGEMENT_LEVELS, FIT_LEVELS, INTENT_LEVELS } from '../../shared/levels';
import type { TCharter } from '../lib/types';
import { formatLevel } from '../ui/format';
import { CheckField, ChoiceField, Group, NumberField, SelectField, TextField } from './fields';
import { segmentWords } from './labels';

// The stage rules: the charter's name and review period, the weekly target, the MQL and SQL
// thresholds, the direct path to SQL, target accounts, and the SLA.

const DIRECT_SQL_SIGNALS = ['demo_request', 'meeting_booked', 'trial_signup', 'contact_sales_form'] as const;

function Thresholds({ stage, thresholds }: { stage: 'mql' | 'sql'; thresholds: TCharter['thresholds']['mql'] }) {
  const at = (criterion: string) => `thresholds.${stage}.${criterion}`;
  return (
    <Group legend={`${stage.toUpperCase()} threshold`}>
      <SelectField path={at('fit')} value={thresholds.fit} options={FIT_LEVELS} words={formatLevel} />
      <SelectField path={at('engagement')} value={thresholds.engagement} options={ENGAGEMENT_LEVELS} words={formatLevel} />
      <SelectField path={at('intent')} value={thresholds.intent} options={INTENT_LEVELS} words={formatLevel} />
      <SelectField path={at('authority')} value={thresholds.authority} options={AUTHORITY_LEVELS} words={formatLevel} />
    </Group>
  );
}

export function RulesFieldsets({ draft }: { draft: TCharter }) {
  return (
    <>
      <Group legend="Charter">
        <TextField path="name" value={draft.name} label="Name" />
        <NumberField path="reviewEveryDays" value={draft.reviewEveryDays} label="Review every (days)" step="1" min={1} />
        <NumberField path="targets.sqlsPerWeek" value={draft.targets.sqlsPerWeek} label="Weekly SQL target" step="1" min={1} hint="Empty: no target." emptyIsNull />
        <CheckField path="handover.repsMayClaim" value={draft.handover.repsMayClaim} label="Reps may claim an MQL" />
      </Group>
      <Thresholds stage="mql" thresholds={draft.thresholds.mql} />
      <Thresholds stage="sql" thresholds={draft.thresholds.sql} />
      <Group legend="Direct SQL">
        <CheckField path="directSql.enabled" value={draft.directSql.enabled} label="Enabled: a buying signal makes an SQL at once" />
        <SelectField path="directSql.fit" value={draft.directSql.fit} options={FIT_LEVELS} words={formatLevel} />
        <SelectField path="directSql.authority" value={draft.directSql.authority} options={AUTHORITY_LEVELS} words={formatLevel} />
        <ChoiceField path="directSql.signals" value={draft.directSql.signals} options={DIRECT_SQL_SIGNALS} words={segmentWords} label="Signals" />
        <SelectField path="targetAccounts.mqlEngagement" value={draft.targetAccounts.mqlEngagement} options={ENGAGEMENT_LEVELS} words={formatLevel} label="Target accounts: engagement for MQL" />
      </Group>
      <Group legend="SLA">
        <SelectField path="sla.handoverStage" value={draft.sla.handoverStage} options={['sql', 'mql'] as const} words={(s) => s.toUpperCase()} label="Hand over at" />
        <NumberField path="sla.tiers.high" value={draft.sla.tiers.high} label="High intent (business hours)" step="0.25" min={0} />
        <NumberField path="sla.tiers.medium" value={draft.sla.tiers.medium} label="Medium intent (business hours)" step="0.25" min={0} />
        <NumberField path="sla.tiers.low" value={draft.sla.tiers.low} label="Low intent (business hours)" step="0.25" min={0} />
        <NumberField path="sla.warnAtFraction" value={draft.sla.warnAtFraction} label="Warn at (fraction of the time, 0–1)" step="0.05" min={0} />
      </Group>
    </>
  );
}

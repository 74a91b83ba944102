import { INTENT_LEVELS } from '../../shared/levels';
import type { TCharter } from '../lib/types';
import { formatLevel } from '../ui/format';
import { Group, ListField, NumberField, SelectField } from './fields';
import { segmentWords } from './labels';

// How the charter scores engagement, intent and authority: windows, decay, levels, the
// weight of each kind of touchpoint, the buying signals and the points.

const CHANNELS = ['web', 'email', 'content', 'event', 'form', 'product', 'meeting'] as const;

export function ScoringFieldsets({ draft }: { draft: TCharter }) {
  const { engagement, intent, authority } = draft;
  const touchpoints = Object.entries(engagement.touchpoints);
  return (
    <>
      <Group legend="Engagement" path="engagement.levels">
        <NumberField path="engagement.levels.low" value={engagement.levels.low} label="Low from (weighted touchpoints)" min={0} />
        <NumberField path="engagement.levels.medium" value={engagement.levels.medium} label="Medium from" min={0} />
        <NumberField path="engagement.levels.high" value={engagement.levels.high} label="High from" min={0} />
        <NumberField path="engagement.highMinChannels" value={engagement.highMinChannels} label="Channels needed for high" step="1" min={1} />
        <NumberField path="engagement.windowDays" value={engagement.windowDays} label="Window (days)" step="1" min={1} />
        <NumberField path="engagement.fullWeightDays" value={engagement.fullWeightDays} label="Full weight for (days)" min={0} />
        <NumberField path="engagement.halfLifeDays" value={engagement.halfLifeDays} label="Then halves every (days)" min={0} />
      </Group>
      <Group legend="Engagement weights" wide>
        <table className="data weights-table">
          <thead>
            <tr>
              <th scope="col">Touchpoint</th>
              <th scope="col">Weight</th>
              <th scope="col">Channel</th>
            </tr>
          </thead>
          <tbody>
            {touchpoints.map(([event, rule]) =>
              rule ? (
                <tr key={event}>
                  <th scope="row">{segmentWords(event)}</th>
                  <td>
                    <NumberField path={`engagement.touchpoints.${event}.weight`} value={rule.weight} label={`Weight of ${segmentWords(event)}`} step="0.1" min={0} hiddenLabel />
                  </td>
                  <td>
                    <SelectField path={`engagement.touchpoints.${event}.channel`} value={rule.channel} options={CHANNELS} label={`Channel of ${segmentWords(event)}`} hiddenLabel />
                  </td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      </Group>
      <Group legend="Intent">
        <NumberField path="intent.windowDays" value={intent.windowDays} label="Window (days)" step="1" min={1} />
        <NumberField path="intent.pricingViews.count" value={intent.pricingViews.count} label="Pricing views" step="1" min={2} />
        <NumberField path="intent.pricingViews.withinDays" value={intent.pricingViews.withinDays} label="…within (days)" min={0} />
        <SelectField path="intent.pricingViews.level" value={intent.pricingViews.level} options={INTENT_LEVELS} words={formatLevel} label="…show intent" />
        {Object.entries(intent.signals).map(([signal, level]) => (
          <SelectField key={signal} path={`intent.signals.${signal}`} value={level} options={INTENT_LEVELS} words={formatLevel} label={`${segmentWords(signal)[0]!.toUpperCase()}${segmentWords(signal).slice(1)} shows`} />
        ))}
        <ListField path="intent.contactSalesForms" value={intent.contactSalesForms} label="Contact-sales forms" />
      </Group>
      <Group legend="Points">
        {Object.entries(intent.points).map(([level, points]) => (
          <NumberField key={level} path={`intent.points.${level}`} value={points} label={`Intent ${formatLevel(level)}`} min={0} />
        ))}
        {Object.entries(authority.points).map(([level, points]) => (
          <NumberField key={level} path={`authority.points.${level}`} value={points} label={`Authority ${formatLevel(level)}`} min={0} />
        ))}
      </Group>
    </>
  );
}

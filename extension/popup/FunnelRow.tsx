import { UserText } from '../components/UserText';
import type { TFunnelRow } from '../lib/types';
import { formatRate } from '../ui/format';
import { FUNNEL_STEPS } from './team';

/** One group of the funnel (or the total, under `totalLabel`): each step's count and its rate from the step before. */
export function FunnelRow({ row, totalLabel }: { row: TFunnelRow; totalLabel?: string }) {
  return (
    <tr className={totalLabel ? 'total' : undefined}>
      <th scope="row">
        <UserText className="clip" text={totalLabel ?? row.key} hover />
      </th>
      {FUNNEL_STEPS.map((step) => (
        <td key={step.label} className="num">
          {step.count(row)}
          {step.rate && <span className="rate">{formatRate(step.rate(row))}</span>}
        </td>
      ))}
    </tr>
  );
}

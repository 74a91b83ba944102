import { UserText } from '../components/UserText';
import type { TFunnelRow } from '../lib/types';
import { formatRate } from '../ui/format';
import { FUNNEL_OVERALL, FUNNEL_STEPS } from '../ui/team';

/** One group of the funnel (or the total, under `totalLabel`): each step's count and its rate from the step before; `onOpen` makes its name open its leads. */
export function FunnelRow({ row, totalLabel, onOpen }: { row: TFunnelRow; totalLabel?: string; onOpen?: () => void }) {
  return (
    <tr className={totalLabel ? 'total' : undefined}>
      <th scope="row">
        {onOpen ? (
          <button type="button" className="link name-link" title={`${row.key}: the leads behind these figures`} onClick={onOpen}>
            <UserText className="clip" text={row.key} />
          </button>
        ) : (
          <UserText className="clip" text={totalLabel ?? row.key} hover />
        )}
      </th>
      {FUNNEL_STEPS.map((step) => (
        <td key={step.label} className="num">
          {step.count(row)}
          {step.rate && <span className="rate">{formatRate(step.rate(row))}</span>}
        </td>
      ))}
      {FUNNEL_OVERALL.map((overall) => (
        <td key={overall.label} className="num overall">
          {formatRate(overall.rate(row))}
          <span className="rate">
            {overall.won(row)} of {overall.of(row)}
          </span>
        </td>
      ))}
    </tr>
  );
}

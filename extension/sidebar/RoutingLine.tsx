import { displayLine } from '../../shared/display-text';
import { describeRoute, describeSkip } from '../../shared/routing-view';
import type { TPacket } from '../lib/types';

// Why this rep holds the lead: the rule that routed it, and who was passed over and why
// ("Ana Ruiz: out of office until Jan 2"). The first few skips show; the rest fold away.

type TRouting = NonNullable<NonNullable<TPacket['handover']>['routing']>;

const SHOWN_SKIPS = 3;

export function RoutingLine({ routing, ownerName }: { routing: TRouting; ownerName: string | null }) {
  const skips = routing.skipped.map((skip) => displayLine(describeSkip(skip)));
  const route = describeRoute(routing) + (routing.nobodyWorkingNow ? ' (nobody in the pool was in working hours)' : '');
  return (
    <div className="hs-routing" aria-label="Why this rep">
      <span>
        {ownerName ? `Why ${displayLine(ownerName)}: ` : 'Routed by: '}
        {displayLine(route)}
        {skips.length > 0 && ` · skipped ${skips.slice(0, SHOWN_SKIPS).join('; ')}`}
      </span>
      {skips.length > SHOWN_SKIPS && (
        <details>
          <summary>{`${skips.length - SHOWN_SKIPS} more skipped`}</summary>
          <ul>
            {skips.slice(SHOWN_SKIPS).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

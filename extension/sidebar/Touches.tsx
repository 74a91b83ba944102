import { displayLine } from '../../shared/display-text';
import { touchChannelLabel } from '../../shared/touch-channels';
import type { TPacket } from '../lib/types';
import { formatDateTime } from '../ui/format';

/** The touches logged on the lead: channel, who, when. Nothing when there are none. */
export function Touches({ touches }: { touches: TPacket['touches'] }) {
  if (touches.length === 0) return null;
  return (
    <section aria-label="Touches">
      <h3>Touches</h3>
      <ul>
        {touches.map((touch) => (
          <li key={touch.id}>
            {touchChannelLabel(touch.channel)} by {displayLine(touch.by.name)} <span className="hs-muted">{formatDateTime(touch.at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { UserText } from '../components/UserText';
import type { TPacket } from '../lib/types';
import { formatDate } from '../ui/format';
import { LABEL_MAX } from './limits';

/** The lead's recent marketing activity, newest first as the server sends it: the latest dozen. */
export function Timeline({ timeline }: { timeline: TPacket['timeline'] }) {
  return (
    <section aria-label="Timeline">
      <h3>Timeline</h3>
      {timeline.length === 0 ? (
        <p className="hs-muted">No marketing activity recorded yet.</p>
      ) : (
        <ul>
          {timeline.slice(0, 12).map((item) => (
            <li key={item.eventId}>
              <UserText text={item.label} max={LABEL_MAX} /> <span className="hs-muted">{formatDate(item.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

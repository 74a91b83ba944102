import { displayLine } from '../../shared/display-text';
import type { TPacket } from '../lib/types';

/** What to open the call with, each with the question to ask when there is one. */
export function TalkingPoints({ points }: { points: TPacket['talkingPoints'] }) {
  return (
    <section aria-label="Talking points">
      <h3>Talking points</h3>
      <ul>
        {points.map((point) => (
          <li key={point.id}>
            {displayLine(point.text)}
            {point.question && <div className="hs-muted">Ask: {displayLine(point.question)}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}

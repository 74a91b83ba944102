import { CRITERIA } from '../../shared/criteria';
import { displayLine } from '../../shared/display-text';
import { UserText } from '../components/UserText';
import type { TPacket } from '../lib/types';
import { formatPoints } from '../ui/format';
import { LABEL_MAX } from './limits';

// The four criteria, each against the MQL and SQL thresholds; a criterion opens to its
// summary and the signals behind it.

export function Criteria({ packet }: { packet: TPacket }) {
  return (
    <table className="hs-criteria">
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          <th scope="col">Level</th>
          <th scope="col">MQL</th>
          <th scope="col">SQL</th>
        </tr>
      </thead>
      <tbody>
        {CRITERIA.map((name) => {
          const score = packet.evaluation.criteria[name];
          return (
            <tr key={name}>
              <th scope="row">
                <details>
                  <summary>{name[0]!.toUpperCase() + name.slice(1)}</summary>
                  <div className="hs-muted">{displayLine(score.summary)}</div>
                  <ul>
                    {score.signals.map((signal, i) => (
                      <li key={`${signal.rule}-${i}`}>
                        <UserText text={signal.label} max={LABEL_MAX} /> <span className="hs-muted">(+{formatPoints(signal.points)})</span>
                      </li>
                    ))}
                  </ul>
                </details>
              </th>
              <td>
                {score.level.replace('_', ' ')} · {formatPoints(score.points)}
              </td>
              <td className={score.meetsMql ? 'met' : 'unmet'}>{score.thresholds.mql.replace('_', ' ')}</td>
              <td className={score.meetsSql ? 'met' : 'unmet'}>{score.thresholds.sql.replace('_', ' ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

import { useState } from 'react';
import { CRITERIA, type TCriterion } from '../../shared/criteria';
import { displayLine } from '../../shared/display-text';
import { UserText } from '../components/UserText';
import type { TPacket } from '../lib/types';
import { formatLevel, formatPoints } from '../ui/format';
import { LABEL_MAX } from './limits';

// The four criteria, one compact row each: the level, then against the MQL and SQL
// thresholds: a tick where it meets one, what it needs where it does not (the whole in the
// cell's title). A criterion opens, below its row and across the whole width, to its
// summary, both thresholds, its points and the signals behind it.

const COLUMNS = 4;
const title = (name: TCriterion) => name[0]!.toUpperCase() + name.slice(1);

function Threshold({ level, met, stage }: { level: string; met: boolean; stage: 'MQL' | 'SQL' }) {
  return (
    <td className={met ? 'met' : 'unmet'} title={`${stage} needs ${formatLevel(level)}: ${met ? 'met' : 'not met'}`}>
      {met ? '✓' : `✗\u00a0${formatLevel(level)}`}
    </td>
  );
}

export function Criteria({ packet }: { packet: TPacket }) {
  const [open, setOpen] = useState<ReadonlySet<TCriterion>>(new Set());
  const toggle = (name: TCriterion) => setOpen((now) => new Set(now.has(name) ? [...now].filter((n) => n !== name) : [...now, name]));
  return (
    <table className="hs-criteria" aria-label="Criteria">
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          <th scope="col">Level</th>
          <th scope="col">MQL</th>
          <th scope="col">SQL</th>
        </tr>
      </thead>
      {CRITERIA.map((name) => {
        const score = packet.evaluation.criteria[name];
        const expanded = open.has(name);
        const detailId = `hs-criterion-${name}`;
        return (
          <tbody key={name} className={expanded ? 'hs-open-criterion' : undefined}>
            <tr>
              <th scope="row">
                <button type="button" className="hs-criterion" aria-expanded={expanded} aria-controls={expanded ? detailId : undefined} onClick={() => toggle(name)}>
                  {title(name)}
                </button>
              </th>
              <td className="hs-level">{formatLevel(score.level)}</td>
              <Threshold level={score.thresholds.mql} met={score.meetsMql} stage="MQL" />
              <Threshold level={score.thresholds.sql} met={score.meetsSql} stage="SQL" />
            </tr>
            {expanded && (
              <tr className="hs-signals">
                <td id={detailId} colSpan={COLUMNS}>
                  <div className="hs-signals-body">
                    <div className="hs-muted">
                      {displayLine(score.summary)} · MQL needs {formatLevel(score.thresholds.mql)}, SQL {formatLevel(score.thresholds.sql)} · {formatPoints(score.points)} points
                    </div>
                    {score.signals.length > 0 && (
                      <ul>
                        {score.signals.map((signal, i) => (
                          <li key={`${signal.rule}-${i}`}>
                            <UserText text={signal.label} max={LABEL_MAX} /> <span className="hs-muted">(+{formatPoints(signal.points)})</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </td>
              </tr>
            )}
          </tbody>
        );
      })}
    </table>
  );
}

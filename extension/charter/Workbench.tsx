import { useMemo, useState } from 'react';
import type { TCharter } from '../lib/types';
import { Backtest } from './Backtest';
import { ChangesList } from './ChangesList';
import { charterChanges } from './charter-diff';
import { setIn } from '../../shared/set-in';
import type { TFieldError } from './draft';
import { EditContext, type TEdit } from './fields';
import { IcpFieldsets } from './IcpFieldsets';
import { Propose } from './Propose';
import { ReasonsFieldset } from './ReasonsFieldset';
import { RoutingFieldsets } from './RoutingFieldsets';
import { RoutingPreview } from './RoutingPreview';
import { RulesFieldsets } from './RulesFieldsets';
import { ScoringFieldsets } from './ScoringFieldsets';
import { Suggestions, type TEdits } from './Suggestions';

// The proposal: a draft that starts as the charter in force, edited in forms or by a
// suggestion of the feedback loop, its changes listed beside it, backtested, its routing
// previewed, then proposed. The server's refusal of a field (from the backtest, the routing
// preview or the proposal) shows at that field until the next answer.

export function Workbench({ active }: { active: TCharter }) {
  const [draft, setDraft] = useState<TCharter>(active);
  const [fieldErrors, setFieldErrors] = useState<readonly TFieldError[]>([]);
  const changes = useMemo(() => charterChanges(active, draft), [active, draft]);
  const activeIds = useMemo(() => new Set(active.rejectionReasons.map((r) => r.id)), [active]);
  const edit = useMemo<TEdit>(() => ({ set: (path, value) => setDraft((d) => setIn(d, path, value)), errors: fieldErrors, setErrors: setFieldErrors }), [fieldErrors]);
  const applyEdits = (edits: TEdits) => setDraft((d) => edits.reduce((next, e) => setIn(next, e.path, e.value), d));
  return (
    <EditContext.Provider value={edit}>
      <Suggestions onApply={applyEdits} />
      <div className="studio-columns">
        <section className="card" aria-labelledby="draft-title">
          <div className="section-head">
            <h2 id="draft-title">Draft a new version</h2>
            <span className="spacer" />
            <button type="button" className="plain-button" disabled={changes.length === 0} onClick={() => setDraft(active)}>
              Start again from version {active.version}
            </button>
          </div>
          <form className="charter-form" aria-label="Draft charter" onSubmit={(e) => e.preventDefault()}>
            <RulesFieldsets draft={draft} />
            <RoutingFieldsets routing={draft.handover.routing} />
            <ScoringFieldsets draft={draft} />
            <IcpFieldsets draft={draft} />
            <ReasonsFieldset reasons={draft.rejectionReasons} activeIds={activeIds} />
          </form>
          <p className="muted small">Talking points and the CRM write-back are kept as the charter in force has them; title overrides change through a suggestion.</p>
        </section>
        <aside className="studio-side">
          <ChangesList changes={changes} activeVersion={active.version} />
          <Propose draft={draft} changes={changes.length} onFieldErrors={setFieldErrors} />
        </aside>
      </div>
      <Backtest draft={draft} onFieldErrors={setFieldErrors} />
      <RoutingPreview draft={draft} onFieldErrors={setFieldErrors} />
    </EditContext.Provider>
  );
}

import { useContext } from 'react';
import { INTENT_LEVELS } from '../../shared/levels';
import type { TRoutingMatch, TRoutingRule } from '../../shared/routing';
import { formatLevel } from '../ui/format';
import { EditContext, messageAt, TextField } from './fields';
import { ChecksField, CommaListField, ErrorMessage, OptionalNumberField, PoolFields, useRoutingError } from './routing-fields';
import { ROUTING_STAGES, rulePath, targetAccountChoice, targetAccountValue, upperCase, withCondition, withEmployeeBound, type TTargetAccountChoice } from './routing-draft';

// One routing rule of the form: its name and place in the order, the conditions a lead must
// meet (each left empty matches any lead), and the pool it hands the lead to.

export type TRuleControl = 'up' | 'down' | 'remove';

interface TRuleProps {
  index: number;
  rule: TRoutingRule;
  count: number;
  /** The id of one of the rule's buttons, so that focus can follow a rule that moved. */
  controlId: (index: number, control: TRuleControl) => string;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

const TARGET_ACCOUNT_WORDS: Record<TTargetAccountChoice, string> = { any: 'Any', yes: 'Target accounts only', no: 'Not target accounts' };

function TargetAccountField({ path, value, onChange }: { path: string; value: boolean | undefined; onChange: (value: boolean | undefined) => void }) {
  const field = useRoutingError(path);
  return (
    <label className="field">
      <span>Target account</span>
      <select value={targetAccountChoice(value)} aria-invalid={field.invalid || undefined} onChange={(e) => onChange(targetAccountValue(e.target.value as TTargetAccountChoice))}>
        {(['any', 'yes', 'no'] as const).map((choice) => (
          <option key={choice} value={choice}>
            {TARGET_ACCOUNT_WORDS[choice]}
          </option>
        ))}
      </select>
      <ErrorMessage id={field.errorId} message={field.message} />
    </label>
  );
}

/** Company size: either bound may be left empty; a refusal of the band itself (min above max) shows under both. */
function EmployeesFields({ path, when, setWhen }: { path: string; when: TRoutingMatch; setWhen: (when: TRoutingMatch) => void }) {
  const edit = useContext(EditContext);
  const bandMessage = messageAt(edit, path);
  return (
    <fieldset className="field employees-band" aria-invalid={bandMessage !== null || undefined}>
      <legend>Employees</legend>
      <div className="band-inputs">
        <OptionalNumberField label="From" errorPath={`${path}.min`} value={when.employees?.min} min={0} onChange={(n) => setWhen(withEmployeeBound(when, 'min', n))} />
        <OptionalNumberField label="Up to" errorPath={`${path}.max`} value={when.employees?.max} min={1} onChange={(n) => setWhen(withEmployeeBound(when, 'max', n))} />
      </div>
      <small className="muted">Empty: no bound.</small>
      {bandMessage && (
        <span role="alert" className="field-error">
          {bandMessage}
        </span>
      )}
    </fieldset>
  );
}

export function RuleFieldset({ index, rule, count, controlId, onMove, onRemove }: TRuleProps) {
  const edit = useContext(EditContext);
  const path = rulePath(index);
  const when = `${path}.when`;
  const setWhen = (next: TRoutingMatch) => edit.set(when, next);
  const set = <K extends keyof TRoutingMatch>(key: K) => (value: TRoutingMatch[K] | undefined) => setWhen(withCondition(rule.when, key, value));
  const ruleMessage = messageAt(edit, path);
  const title = `Rule ${index + 1}`;
  return (
    <fieldset className="routing-rule" aria-invalid={ruleMessage !== null || undefined}>
      <legend>
        {title}
        {rule.name.trim() && <span className="muted">: {rule.name}</span>}
      </legend>
      <div className="rule-head">
        <TextField path={`${path}.name`} value={rule.name} label="Name" />
        <div className="rule-actions" role="group" aria-label={`Order of rule ${index + 1}`}>
          <button type="button" id={controlId(index, 'up')} className="plain-button" disabled={index === 0} aria-label={`Move rule ${index + 1} up`} onClick={() => onMove(-1)}>
            ↑ Up
          </button>
          <button type="button" id={controlId(index, 'down')} className="plain-button" disabled={index === count - 1} aria-label={`Move rule ${index + 1} down`} onClick={() => onMove(1)}>
            ↓ Down
          </button>
          <button type="button" id={controlId(index, 'remove')} className="plain-button" aria-label={`Remove rule ${index + 1}`} onClick={onRemove}>
            Remove
          </button>
        </div>
      </div>
      <h4 className="rule-part">When the lead has</h4>
      <div className="fields rule-conditions">
        <CommaListField label="Sources" errorPath={`${when}.sources`} value={rule.when.sources} hint="Comma-separated; empty: any." onChange={set('sources')} />
        <CommaListField label="Campaigns" errorPath={`${when}.campaigns`} value={rule.when.campaigns} hint="Comma-separated; empty: any." onChange={set('campaigns')} />
        <CommaListField label="Countries" errorPath={`${when}.countries`} value={rule.when.countries} normalise={upperCase} hint="ISO codes (FR, DE); empty: any." onChange={set('countries')} />
        <CommaListField label="Industries" errorPath={`${when}.industries`} value={rule.when.industries} hint="Comma-separated; empty: any." onChange={set('industries')} />
        <EmployeesFields path={`${when}.employees`} when={rule.when} setWhen={setWhen} />
        <TargetAccountField path={`${when}.targetAccount`} value={rule.when.targetAccount} onChange={set('targetAccount')} />
        <ChecksField legend="Stage" errorPath={`${when}.stages`} options={ROUTING_STAGES} value={rule.when.stages} words={(s) => s.toUpperCase()} onChange={set('stages')} />
        <ChecksField legend="Intent" errorPath={`${when}.intents`} options={INTENT_LEVELS} value={rule.when.intents} words={formatLevel} onChange={set('intents')} />
      </div>
      <h4 className="rule-part">It goes to</h4>
      <div className="fields rule-pool">
        <PoolFields path={`${path}.pool`} pool={rule.pool} label="Pool" onChange={(pool) => edit.set(`${path}.pool`, pool)} />
      </div>
      {ruleMessage && (
        <p role="alert" className="field-error">
          {ruleMessage}
        </p>
      )}
    </fieldset>
  );
}

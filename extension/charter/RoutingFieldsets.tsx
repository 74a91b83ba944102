import { useContext, useEffect, useId, useRef } from 'react';
import type { TRouting } from '../../shared/routing';
import { EditContext, Group, NumberField, SelectField, CheckField } from './fields';
import { CRM_OWNER_CHOICES, indexAfterMove, indexAfterRemove, moveItem, newRule, reindexErrors, removeItem, ROUTING_ROOT } from './routing-draft';
import { PoolFields } from './routing-fields';
import { RuleFieldset, type TRuleControl } from './RuleFieldset';

// Who gets a handover, as the charter says: whether the CRM owner or the account's owner
// takes it first, then the rules in order (the first a lead meets routes it), then the
// fallback pool.

const CRM_OWNER_WORDS: Record<TRouting['crmOwner'], string> = { always: 'Always (even out of office)', when_available: 'Only when available', never: 'Never: the rules decide' };

export function RoutingFieldsets({ routing }: { routing: TRouting }) {
  const edit = useContext(EditContext);
  const baseId = useId();
  const controlId = (index: number, control: TRuleControl | 'add') => `${baseId}-rule-${index}-${control}`;
  // After a move or a removal the button pressed is elsewhere or gone: focus follows the rule.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const setFocus = (id: string) => {
    focusNext.current = id;
  };
  const rules = routing.rules;
  const rulesPath = `${ROUTING_ROOT}.rules`;
  const setRules = (next: TRouting['rules']) => edit.set(rulesPath, next);
  const move = (index: number, by: -1 | 1) => {
    setRules(moveItem(rules, index, by));
    edit.setErrors(reindexErrors(edit.errors, rulesPath, indexAfterMove(index, by, rules.length)));
    const to = index + by;
    // The same button, unless the rule reached the end it was moving to.
    const control = by === -1 ? (to > 0 ? 'up' : 'down') : to < rules.length - 1 ? 'down' : 'up';
    setFocus(controlId(to, control));
  };
  return (
    <>
      <Group legend="Routing" path={ROUTING_ROOT}>
        <SelectField path={`${ROUTING_ROOT}.crmOwner`} value={routing.crmOwner} options={CRM_OWNER_CHOICES} words={(choice) => CRM_OWNER_WORDS[choice]} label="The CRM owner takes the lead" />
        <CheckField path={`${ROUTING_ROOT}.accountOwner`} value={routing.accountOwner} label="Then the owner of the lead’s account, when available" />
        <NumberField path={`${ROUTING_ROOT}.accountOwnerDays`} value={routing.accountOwnerDays} label="An account is owned for (days)" hint="Since its owner last accepted a lead there." step="1" min={1} />
        <CheckField path={`${ROUTING_ROOT}.highTierWorkingNow`} value={routing.highTierWorkingNow} label="High-tier leads only to reps inside their working hours now" />
      </Group>
      <Group legend="Routing rules" path={rulesPath} wide>
        <p className="muted small rules-intro">In order: the first rule a lead meets routes it; a lead no rule takes goes to the fallback pool.</p>
        {rules.length === 0 && <p className="muted">No rules: every lead goes to the fallback pool.</p>}
        <ol className="routing-rules">
          {rules.map((rule, index) => (
            <li key={index}>
              <RuleFieldset
                index={index}
                rule={rule}
                count={rules.length}
                controlId={controlId}
                onMove={(by) => move(index, by)}
                onRemove={() => {
                  setRules(removeItem(rules, index));
                  edit.setErrors(reindexErrors(edit.errors, rulesPath, indexAfterRemove(index)));
                  setFocus(controlId(0, 'add'));
                }}
              />
            </li>
          ))}
        </ol>
        <button type="button" id={controlId(0, 'add')} className="plain-button add" onClick={() => setRules([...rules, newRule(rules)])}>
          Add a rule
        </button>
        <fieldset className="routing-rule routing-fallback">
          <legend>Fallback pool</legend>
          <div className="fields rule-pool">
            <PoolFields path={`${ROUTING_ROOT}.fallback`} pool={routing.fallback} label="A lead no rule takes goes to" onChange={(pool) => edit.set(`${ROUTING_ROOT}.fallback`, pool)} />
          </div>
        </fieldset>
      </Group>
    </>
  );
}

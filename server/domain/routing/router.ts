import type { TCharter } from '../../../shared/charter';
import { toCountryCode } from '../../../shared/country';
import { matchingRule, type TRoutingLead, type TRoutingPool, type TRoutingSkip, type TRoutingTrace } from '../../../shared/routing';
import type { TSlaTier } from '../../../shared/sla';
import type { TDb } from '../../db/client';
import { OWNER_ROLES } from '../handover';
import type { TUser } from '../users';
import { isStandingSkip, unavailability } from './availability';
import { accountHolderId, allUsers, namedAccountOwnerId, openCounts, rejectersOf, rotationSeats, rotationWrites } from './reads';
import { seatNewcomers, takeTurn, type TRotationSeat } from './rotation';

// Who gets a lead that is due for a handover, as the charter's routing says (shared/routing.ts):
// the named CRM owner, the account's owner, the first matching rule's pool, the fallback pool.
// One router serves one batch of handovers under the write lock: it reads what it needs once,
// keeps the open counts and the rotation as it deals, and hands its rotation rows to the
// batch that opens the handovers (`writes`), so they are stored exactly when the handovers are.

export interface TRouteRequest {
  leadId: string;
  lead: TRoutingLead;
  accountId: string | null;
  /** The owner the CRM or the source names: a user id, or an e-mail not yet a user's. */
  named: { ownerId: string | null; ownerEmail: string | null };
  /**
   * The account's owner e-mail as the batch being written leaves it (its account row not
   * stored yet), null for none; when undefined, the stored one counts.
   */
  accountOwnerEmail?: string | null;
  tier: TSlaTier;
}

export interface TRouted {
  owner: TUser;
  trace: TRoutingTrace;
}

/** The rotation's key for a pool: a rule by its name, or the fallback. */
export const poolKey = (rule: string | undefined) => (rule === undefined ? 'fallback' : `rule:${rule.toLowerCase()}`);

/** A territory pool's reps change with the lead's country: each country keeps its own rotation. */
const TERRITORY_MARK = '|';
export const territoryKey = (key: string, country: string) => `${key}${TERRITORY_MARK}${country}`;
export function splitTerritory(key: string): { key: string; territory: string | null } {
  const at = key.lastIndexOf(TERRITORY_MARK);
  return at < 0 ? { key, territory: null } : { key: key.slice(0, at), territory: key.slice(at + 1) };
}

const DAY_MS = 86_400_000;

export class Router {
  private users: TUser[] | undefined;
  private open: Map<string, number> | undefined;
  private readonly rotations = new Map<string, Map<string, TRotationSeat>>();
  /** Per account, the owner of the lead this router last routed there: its handover is not stored until the batch is. */
  private readonly heldHere = new Map<string, string>();

  constructor(
    private readonly db: TDb,
    private readonly charter: TCharter,
    private readonly now: Date,
  ) {}

  /** The owner and how they were chosen, or undefined when nobody available can take the lead. */
  async route(request: TRouteRequest): Promise<TRouted | undefined> {
    const routing = this.charter.handover.routing;
    const skipped: TRoutingSkip[] = [];
    const named = await this.namedOwner(request.named);
    // The source named them, available or not: nothing else is read.
    if (named && routing.crmOwner === 'always') return this.assign(named, { by: 'crm_owner', skipped }, request.accountId);

    const rejecters = await rejectersOf(this.db, request.leadId);
    if (named && routing.crmOwner === 'when_available') {
      const skip = await this.skipOf(named, rejecters, false);
      if (!skip) return this.assign(named, { by: 'crm_owner', skipped }, request.accountId);
      skipped.push(skip);
    }

    if (routing.accountOwner && (request.accountId || request.accountOwnerEmail)) {
      const ownerId = await this.accountOwnerId(request);
      const owner = ownerId ? (await this.everyone()).find((u) => u.id === ownerId && OWNER_ROLES.has(u.role)) : undefined;
      if (owner) {
        const skip = await this.skipOf(owner, rejecters, false);
        if (!skip) return this.assign(owner, { by: 'account_owner', skipped }, request.accountId);
        skipped.push(skip);
      }
    }

    const rule = matchingRule(routing, request.lead);
    const workingNowOnly = routing.highTierWorkingNow && request.tier === 'high';
    const fromRule = rule && (await this.dealFrom(poolKey(rule.name), rule.pool, request.lead, rejecters, workingNowOnly, skipped));
    if (fromRule) return this.assign(fromRule.owner, { by: 'rule', rule: rule.name, skipped, ...fromRule.extra }, request.accountId);
    const fromFallback = await this.dealFrom(poolKey(undefined), routing.fallback, request.lead, rejecters, workingNowOnly, skipped);
    if (fromFallback) return this.assign(fromFallback.owner, { by: 'fallback', ...(rule ? { rule: rule.name } : {}), skipped, ...fromFallback.extra }, request.accountId);
    return undefined;
  }

  /**
   * The next rep of `pool` who can take a lead that `exclude` cannot keep, for an escalation:
   * same skips as routing, and the rotation advances.
   */
  async dealForEscalation(pool: TRoutingPool, key: string, lead: TRoutingLead, rejecters: ReadonlySet<string>, exclude: ReadonlySet<string>, skipped: TRoutingSkip[]): Promise<TUser | undefined> {
    const dealt = await this.dealFrom(key, pool, lead, rejecters, false, skipped, exclude);
    if (dealt) this.countOpen(dealt.owner.id);
    return dealt?.owner;
  }

  /** Why `user` cannot take the lead now, or undefined. */
  async skipOf(user: TUser, rejecters: ReadonlySet<string>, workingNowOnly: boolean): Promise<TRoutingSkip | undefined> {
    const open = (await this.openCounts()).get(user.id) ?? 0;
    return unavailability(user, this.now, { open, rejectedBefore: rejecters.has(user.id), workingNowOnly });
  }

  /** Each user's open handovers as they stand, before this router deals any. */
  async openNow(): Promise<Map<string, number>> {
    return new Map(await this.openCounts());
  }

  /** Counts one more open handover for `userId` (an escalation moving one to them). */
  countOpen(userId: string): void {
    this.open?.set(userId, (this.open.get(userId) ?? 0) + 1);
  }

  /** The rotation rows to store with the batch that opens the routed handovers. */
  writes() {
    return rotationWrites(this.db, this.rotations);
  }

  /** Everyone, by e-mail (read once). */
  async everyone(): Promise<TUser[]> {
    this.users ??= await allUsers(this.db);
    return this.users;
  }

  /** The reps of a pool, by e-mail, for this lead. */
  async members(pool: TRoutingPool, lead: TRoutingLead): Promise<TUser[]> {
    const everyone = await this.everyone();
    switch (pool.kind) {
      case 'reps': {
        const emails = new Set(pool.emails);
        return everyone.filter((u) => emails.has(u.email) && OWNER_ROLES.has(u.role));
      }
      case 'team': {
        const manager = everyone.find((u) => u.email === pool.managerEmail);
        return manager ? everyone.filter((u) => u.role === 'rep' && u.managerId === manager.id) : [];
      }
      case 'territory': {
        const country = toCountryCode(lead.country);
        return country ? everyone.filter((u) => u.role === 'rep' && u.territories.includes(country)) : [];
      }
      case 'everyone':
        return everyone.filter((u) => u.role === 'rep');
    }
  }

  private assign(owner: TUser, trace: TRoutingTrace, accountId: string | null): TRouted {
    this.countOpen(owner.id);
    if (accountId) this.heldHere.set(accountId, owner.id);
    return { owner, trace };
  }

  /**
   * Who owns the request's account: the owner the CRM names (as the batch leaves the
   * account, else as stored), when a user here; else who holds it — the rep this router
   * last gave a lead of the account to, whose handover is not stored yet, else as stored.
   */
  private async accountOwnerId(request: TRouteRequest): Promise<string | undefined> {
    const { accountId, accountOwnerEmail } = request;
    const named =
      accountOwnerEmail === undefined
        ? accountId && (await namedAccountOwnerId(this.db, accountId))
        : accountOwnerEmail && (await this.everyone()).find((u) => u.email === accountOwnerEmail)?.id;
    if (named) return named;
    if (!accountId) return undefined;
    const since = new Date(this.now.getTime() - this.charter.handover.routing.accountOwnerDays * DAY_MS).toISOString();
    return this.heldHere.get(accountId) ?? (await accountHolderId(this.db, accountId, request.leadId, since));
  }

  private async openCounts(): Promise<Map<string, number>> {
    this.open ??= await openCounts(
      this.db,
      (await this.everyone()).filter((u) => OWNER_ROLES.has(u.role)).map((u) => u.id),
    );
    return this.open;
  }

  private async namedOwner({ ownerId, ownerEmail }: TRouteRequest['named']): Promise<TUser | undefined> {
    if (!ownerId && !ownerEmail) return undefined;
    const everyone = await this.everyone();
    // An owner named by e-mail before they were a user here counts once they are one.
    const owner = everyone.find((u) => u.id === ownerId) ?? everyone.find((u) => ownerEmail !== null && u.email === ownerEmail.toLowerCase());
    return owner && OWNER_ROLES.has(owner.role) ? owner : undefined;
  }

  /**
   * Deals from a pool: the rotation among the members who can take the lead (inside their
   * working hours when asked, and when any is). Skips are added to `skipped` once per rep.
   */
  private async dealFrom(
    key: string,
    pool: TRoutingPool,
    lead: TRoutingLead,
    rejecters: ReadonlySet<string>,
    workingNowOnly: boolean,
    skipped: TRoutingSkip[],
    exclude: ReadonlySet<string> = new Set(),
  ): Promise<{ owner: TUser; extra: Partial<TRoutingTrace> } | undefined> {
    const members = (await this.members(pool, lead)).filter((u) => !exclude.has(u.id));
    if (members.length === 0) return undefined;
    const country = pool.kind === 'territory' ? toCountryCode(lead.country) : null;
    const seats = await this.seats(country ? territoryKey(key, country) : key);
    seatNewcomers(
      seats,
      members.map((u) => ({ userId: u.id, order: u.email, weight: u.weight })),
    );
    const skips = new Map<string, TRoutingSkip>();
    for (const member of members) {
      const skip = await this.skipOf(member, rejecters, false);
      if (skip) skips.set(member.id, skip);
    }
    const available = members.filter((u) => !skips.has(u.id));
    const owed = new Set([...skips.values()].filter((s) => !isStandingSkip(s)).map((s) => s.userId));
    let eligible = available;
    let extra: Partial<TRoutingTrace> = {};
    if (workingNowOnly) {
      const working = [];
      for (const member of available) {
        const skip = await this.skipOf(member, rejecters, true);
        if (skip) skips.set(member.id, skip);
        else working.push(member);
      }
      if (working.length > 0) eligible = working;
      else {
        for (const member of available) skips.delete(member.id);
        extra = { nobodyWorkingNow: available.length > 0 };
      }
    }
    for (const skip of skips.values()) if (!skipped.some((s) => s.userId === skip.userId)) skipped.push(skip);
    const winner = takeTurn(seats, new Set(eligible.map((u) => u.id)), owed);
    if (!winner) return undefined;
    return { owner: members.find((u) => u.id === winner.userId)!, extra };
  }

  private async seats(key: string): Promise<Map<string, TRotationSeat>> {
    let seats = this.rotations.get(key);
    if (!seats) {
      seats = await rotationSeats(this.db, key);
      this.rotations.set(key, seats);
    }
    return seats;
  }
}

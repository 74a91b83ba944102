// Weighted round-robin, smooth (the scheme nginx uses for weighted upstreams): at each lead,
// every rep who can take it earns their weight in credit; the rep with the most credit gets
// the lead and gives back the credit earned by all. Over time each rep's share of the pool's
// leads follows their weight, within one lead, and heavy weights are spread out rather than
// dealt in runs. A rep who cannot take leads (away, at capacity, not taking leads) earns
// nothing meanwhile, so they come back to no backlog of turns to collect in a burst.

export interface TRotationSeat {
  userId: string;
  /** Tie-break between equal credits: reps in a stable order. */
  order: string;
  weight: number;
  credit: number;
  assigned: number;
}

/** Credits are sums of integers, but compare them with a tolerance all the same. */
const EPSILON = 1e-9;

/** Seats for reps new to the pool, at no credit: they take their share from now on. */
export function seatNewcomers(seats: Map<string, TRotationSeat>, members: readonly { userId: string; order: string; weight: number }[]): void {
  for (const member of members) {
    const seat = seats.get(member.userId);
    if (!seat) seats.set(member.userId, { ...member, credit: 0, assigned: 0 });
    else {
      seat.weight = member.weight;
      seat.order = member.order;
    }
  }
}

/**
 * Deals the next lead to one of `eligible` and advances the rotation. `owed` are reps skipped
 * for this lead alone (they rejected it before): they still earn their credit, so one lead
 * does not cost them their turn. Returns undefined, changing nothing, when nobody is eligible.
 */
export function takeTurn(seats: Map<string, TRotationSeat>, eligible: ReadonlySet<string>, owed: ReadonlySet<string> = new Set()): TRotationSeat | undefined {
  const earning = [...new Set([...eligible, ...owed])].map((id) => seats.get(id)).filter((seat): seat is TRotationSeat => seat !== undefined);
  let winner: TRotationSeat | undefined;
  for (const seat of earning) {
    if (!eligible.has(seat.userId)) continue;
    const credit = seat.credit + seat.weight;
    const best = winner && winner.credit + winner.weight;
    if (!winner || credit > best! + EPSILON || (Math.abs(credit - best!) <= EPSILON && seat.order < winner.order)) winner = seat;
  }
  if (!winner) return undefined;
  let earned = 0;
  for (const seat of earning) {
    seat.credit += seat.weight;
    earned += seat.weight;
  }
  winner.credit -= earned;
  winner.assigned += 1;
  return winner;
}

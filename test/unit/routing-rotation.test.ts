import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seatNewcomers, takeTurn, type TRotationSeat } from '../../server/domain/routing/rotation';

function pool(weights: readonly number[]) {
  const members = weights.map((weight, i) => ({ userId: `rep${i}`, order: `rep${i}@example.com`, weight }));
  const seats = new Map<string, TRotationSeat>();
  seatNewcomers(seats, members);
  return { members, seats };
}

describe('the weighted rotation', () => {
  it('deals 1, 2 and 3 weights as 1:2:3', () => {
    const { members, seats } = pool([1, 2, 3]);
    const all = new Set(members.map((m) => m.userId));
    const dealt = Array.from({ length: 6 }, () => takeTurn(seats, all)!.userId);
    expect(dealt.filter((id) => id === 'rep0')).toHaveLength(1);
    expect(dealt.filter((id) => id === 'rep1')).toHaveLength(2);
    expect(dealt.filter((id) => id === 'rep2')).toHaveLength(3);
  });

  it("keeps each rep's share within one lead of their weight's share when all are available", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 300 }), (weights, leads) => {
        const { members, seats } = pool(weights);
        const all = new Set(members.map((m) => m.userId));
        const total = weights.reduce((a, b) => a + b, 0);
        for (let n = 1; n <= leads; n += 1) {
          takeTurn(seats, all);
          for (const member of members) {
            const fair = (n * member.weight) / total;
            expect(Math.abs(seats.get(member.userId)!.assigned - fair)).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('never deals to a rep who is not eligible, and deals to nobody only when nobody is', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.array(fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 60 }), (weights, availability) => {
        const { members, seats } = pool(weights);
        for (const day of availability) {
          const eligible = new Set(members.filter((_, i) => day[i]).map((m) => m.userId));
          const winner = takeTurn(seats, eligible);
          if (eligible.size === 0) expect(winner).toBeUndefined();
          else expect(eligible.has(winner!.userId)).toBe(true);
        }
      }),
    );
  });

  it('gives a rep back from two weeks away no burst of catch-up leads', () => {
    const { members, seats } = pool([1, 1, 1]);
    const all = new Set(members.map((m) => m.userId));
    const withoutRep0 = new Set(['rep1', 'rep2']);
    for (let i = 0; i < 30; i += 1) takeTurn(seats, withoutRep0);
    const next = Array.from({ length: 9 }, () => takeTurn(seats, all)!.userId);
    expect(next.filter((id) => id === 'rep0')).toHaveLength(3);
  });

  it('starts a newcomer at the present, not at zero', () => {
    const { members, seats } = pool([1, 1]);
    const all = new Set(members.map((m) => m.userId));
    for (let i = 0; i < 40; i += 1) takeTurn(seats, all);
    const newcomer = { userId: 'rep9', order: 'rep9@example.com', weight: 1 };
    const everyone = new Set([...all, 'rep9']);
    seatNewcomers(seats, [...members, newcomer]);
    const next = Array.from({ length: 6 }, () => takeTurn(seats, everyone, new Set())!.userId);
    expect(next.filter((id) => id === 'rep9')).toHaveLength(2);
  });
});

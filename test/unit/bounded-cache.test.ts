import { describe, expect, it } from 'vitest';
import { classifyTitle } from '../../shared/authority';
import { BoundedCache } from '../../shared/bounded-cache';
import { addBusinessTime, type TBusinessCalendar } from '../../shared/calendar';

describe('BoundedCache', () => {
  it('never holds more than its limit: the oldest entry goes first', () => {
    const cache = new BoundedCache<number>(3);
    for (let i = 0; i < 10; i += 1) cache.set(`k${i}`, i);
    expect(cache.size).toBe(3);
    expect(cache.get('k6')).toBeUndefined();
    expect([cache.get('k7'), cache.get('k8'), cache.get('k9')]).toEqual([7, 8, 9]);
    cache.set('k9', 90); // replacing a key evicts nothing
    expect([cache.size, cache.get('k7'), cache.get('k9')]).toEqual([3, 7, 90]);
  });
});

describe('the memoised pure functions', () => {
  it('classifyTitle: a cached reading follows the overrides, and a caller changing it changes no later one', () => {
    const first = classifyTitle('Head of Growth');
    first.level = 'researcher';
    expect(classifyTitle('Head of Growth').level).not.toBe('researcher');
    const overridden = classifyTitle('Head of Growth', [{ pattern: 'growth', level: 'end_user', label: 'Growth is hands-on here' }]);
    expect([overridden.level, overridden.rule]).toEqual(['end_user', 'override']);
    expect(classifyTitle('Head of Growth', [{ pattern: 'growth', level: 'influencer', label: 'Growth advises' }]).level).toBe('influencer');
  });

  it('addBusinessTime: two calendars that differ in one field are never confused', () => {
    const base: TBusinessCalendar = { timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '18:00', holidays: [] };
    const from = new Date('2026-11-20T16:00:00Z'); // Friday 17:00 in Paris
    expect(addBusinessTime(from, 2 * 3_600_000, base).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(addBusinessTime(from, 2 * 3_600_000, { ...base, holidays: ['2026-11-23'] }).toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(addBusinessTime(from, 2 * 3_600_000, { ...base, dayEnd: '19:00' }).toISOString()).toBe('2026-11-20T18:00:00.000Z');
    expect(() => addBusinessTime(from, 1, { ...base, timeZone: 'Mars/Olympus' })).toThrow();
  });
});

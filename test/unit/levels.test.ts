import { describe, expect, it } from 'vitest';
import { maxLevel, meets } from '../../shared/levels';

describe('criterion scales', () => {
  it('compares levels by their position on the scale', () => {
    expect(meets('engagement', 'high', 'medium')).toBe(true);
    expect(meets('engagement', 'low', 'medium')).toBe(false);
    expect(meets('fit', 'borderline', 'borderline')).toBe(true);
    expect(meets('fit', 'borderline', 'in_icp')).toBe(false);
  });

  it('never lets an unknown title satisfy an influencer threshold', () => {
    expect(meets('authority', 'unknown', 'influencer')).toBe(false);
    expect(meets('authority', 'unknown', 'researcher')).toBe(true);
  });

  it('takes the higher of two levels', () => {
    expect(maxLevel('intent', 'low', 'high')).toBe('high');
    expect(maxLevel('intent', 'medium', 'none')).toBe('medium');
  });
});

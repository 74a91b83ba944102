import { describe, expect, it } from 'vitest';
import { formatWorkingDays } from '../../server/cli-tables';

describe('formatWorkingDays', () => {
  it('writes consecutive days as a run and the others one by one, in week order', () => {
    expect(formatWorkingDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(formatWorkingDays([4, 1, 2])).toBe('Mon–Tue, Thu');
    expect(formatWorkingDays([1, 3, 5])).toBe('Mon, Wed, Fri');
    expect(formatWorkingDays([7, 6])).toBe('Sat–Sun');
    expect(formatWorkingDays([2, 2, 3])).toBe('Tue–Wed');
  });
});

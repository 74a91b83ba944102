import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, ZCharter } from '../../shared/charter';

// The charter's targets: what the weekly sync measures itself against.

describe("the charter's targets", () => {
  /** The default charter as stored before targets existed. */
  const stored: Record<string, unknown> = { ...DEFAULT_CHARTER };
  delete stored.targets;

  it('sets no weekly SQL target by default', () => {
    expect(DEFAULT_CHARTER.targets).toEqual({ sqlsPerWeek: null });
  });

  it('reads a charter stored before targets existed as having none', () => {
    expect(ZCharter.parse(stored).targets).toEqual({ sqlsPerWeek: null });
    expect(ZCharter.parse({ ...stored, targets: {} }).targets).toEqual({ sqlsPerWeek: null });
  });

  it('takes a positive whole number of SQLs a week, or null', () => {
    expect(ZCharter.parse({ ...stored, targets: { sqlsPerWeek: 12 } }).targets).toEqual({ sqlsPerWeek: 12 });
    expect(ZCharter.parse({ ...stored, targets: { sqlsPerWeek: null } }).targets).toEqual({ sqlsPerWeek: null });
    for (const sqlsPerWeek of [0, -2, 1.5, '12']) {
      const result = ZCharter.safeParse({ ...stored, targets: { sqlsPerWeek } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['targets', 'sqlsPerWeek']);
    }
  });
});

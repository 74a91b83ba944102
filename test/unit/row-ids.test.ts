import { describe, expect, it } from 'vitest';
import { newRowId } from '../../server/domain/row-ids';

// Row ids sort in the order they were made, even many in one millisecond: what keeps a
// batch's new rows together in the indexes keyed by them.

describe('row ids', () => {
  it('are UUIDs that sort as they were made, many in one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newRowId());
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

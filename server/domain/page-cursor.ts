import { and, eq, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { invalid } from '../errors';
import { ZInstant } from './stats/common';

// Keyset pages for the dashboard's drill-down lists, newest first: a page ends at the row its
// cursor names, so rows written meanwhile neither repeat nor skip one. The cursor is opaque to
// the client: the last row's instant and id, as base64url JSON.

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;

export const ZPage = z.object({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  cursor: z.string().trim().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export interface TPageKey {
  at: string;
  id: string;
}

const ZKey = z.tuple([z.string().min(1), z.string().min(1)]);

export function encodeCursor(key: TPageKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): TPageKey {
  try {
    const [at, id] = ZKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at, id };
  } catch {
    throw invalid('cursor', 'not a cursor this list gave: pass nextCursor back unchanged');
  }
}

/**
 * The rows started (or created) in `range` after `cursor`, in (at DESC, id DESC) order. The
 * cursor's instant bounds the index range itself, so a later page starts where the last one
 * stopped instead of reading past every row before it.
 */
export function pageWindow(at: SQLiteColumn, id: SQLiteColumn, range: { from: Date; to: Date }, cursor: string | undefined): SQL {
  const from = gte(at, range.from.toISOString());
  const to = range.to.toISOString();
  if (cursor === undefined) return and(from, lt(at, to))!;
  const key = decodeCursor(cursor);
  const after = or(lt(at, key.at), and(eq(at, key.at), lt(id, key.id)));
  return key.at < to ? and(from, lte(at, key.at), after)! : and(from, lt(at, to), after)!;
}

/** A page of `limit` rows from `rows` (read with limit + 1), and the cursor of the next, if any. */
export function pageOf<T>(rows: readonly T[], limit: number, keyOf: (row: T) => TPageKey): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(keyOf(items.at(-1)!)) : null };
}

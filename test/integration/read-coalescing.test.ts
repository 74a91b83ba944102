import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { readRows } from '../../server/db/read-statements';
import { runInRequest } from '../../server/http/request-scope';
import { startSqld, type Sqld } from '../support/sqld';

// The hot reads that arrive together at a libSQL server over HTTP go as one call (one stream,
// whose opening costs the server a read of the whole schema), each caller still getting its
// own answer or its own error; other statements go alone.

describe('hot reads coalesced over HTTP', () => {
  let sqld: Sqld;
  let database: Database;
  const calls: string[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    sqld = await startSqld();
    database = await openDatabase(sqld.url);
    await database.client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    await database.client.execute("INSERT INTO t (v) VALUES ('one'), ('two'), ('three')");
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith(sqld.url)) calls.push(url);
      return realFetch(input, init);
    };
  });
  afterEach(() => void (calls.length = 0));
  afterAll(async () => {
    globalThis.fetch = realFetch;
    database?.close();
    await sqld?.stop();
  });

  it('answers reads made together with one call to the server, each its own rows', async () => {
    const answers = await Promise.all([1, 2, 3].map((id) => readRows(database, 'SELECT v FROM t WHERE id = ?', [id])));
    expect(answers).toEqual([[['one']], [['two']], [['three']]]);
    expect(calls).toHaveLength(1);
    // Statements through the client go one call each.
    await Promise.all([1, 2].map((id) => database.client.execute({ sql: 'SELECT v FROM t WHERE id = ?', args: [id] })));
    expect(calls).toHaveLength(3);
  });

  it('gives a failing read its own error and the others their rows', async () => {
    const answers = await Promise.allSettled([readRows(database, 'SELECT v FROM t WHERE id = 1', []), readRows(database, 'SELECT nonsense FROM t', []), readRows(database, 'SELECT count(*) FROM t', [])]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: [['one']] });
    expect(String((answers[1] as PromiseRejectedResult).reason)).toMatch(/no such column: nonsense/);
    expect(answers[2]).toEqual({ status: 'fulfilled', value: [[3]] });
  });

  it('answers a read whose request stops at once, with the reason', async () => {
    const stop = new AbortController();
    const read = runInRequest(stop.signal, () => readRows(database, 'SELECT v FROM t', []));
    stop.abort(new Error('the caller went away'));
    await expect(read).rejects.toThrow('the caller went away');
  });
});

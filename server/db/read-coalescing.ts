import type { Client, InStatement, ResultSet } from '@libsql/client';
import { requestSignal, runInRequest, runOutsideRequest } from '../http/request-scope';

// Over HTTP each call to a libSQL server is a stream of its own, and the server (sqld) opens a
// connection and reads the whole schema for each: 4.8 ms a call for this schema against 2.1 ms
// for an empty one, and 1.6 ms for a statement inside a stream (measured on one machine). So
// the hot reads (read-statements.ts: a caller's token, a packet, a group of decisions, the
// stats' aggregates — short reads through indexes) that arrive in the same turn of the event
// loop, from requests served side by side, go to the server as one read batch: one stream, one
// snapshot. Only those: a long read would hold the short ones batched with it. A batch that a statement
// failed is run again statement by statement, so each caller gets its own answer or its own
// error; one the server did not answer (`unavailable`) fails every caller at once, with no
// second wait. A caller whose request stops meanwhile is answered at once with the reason.

interface TWaiting {
  statement: InStatement;
  signal: AbortSignal | undefined;
  resolve(result: ResultSet): void;
  reject(error: unknown): void;
}

/** A read through `client`, coalesced with the others made in the same turn (see above). */
export function coalescedReads(client: Client, unavailable: (error: unknown) => boolean): (statement: InStatement) => Promise<ResultSet> {
  let waiting: TWaiting[] = [];
  let scheduled = false;

  const alone = (entry: TWaiting) => {
    const run = () => client.execute(entry.statement);
    (entry.signal ? runInRequest(entry.signal, run) : runOutsideRequest(run)).then(
      (result) => entry.resolve(result),
      (error: unknown) => entry.reject(error),
    );
  };

  const flush = () => {
    scheduled = false;
    const group = waiting.filter((entry) => {
      if (!entry.signal?.aborted) return true;
      entry.reject(entry.signal.reason);
      return false;
    });
    waiting = [];
    if (group.length === 1) return alone(group[0]!);
    if (group.length === 0) return;
    runOutsideRequest(() => client.batch(group.map((entry) => entry.statement), 'read')).then(
      (results) => group.forEach((entry, i) => entry.resolve(results[i]!)),
      (error: unknown) => {
        if (unavailable(error)) group.forEach((entry) => entry.reject(error));
        else group.forEach(alone);
      },
    );
  };

  return (statement: InStatement): Promise<ResultSet> =>
    new Promise<ResultSet>((resolve, reject) => {
      const signal = requestSignal();
      const entry: TWaiting = { statement, signal, resolve, reject };
      signal?.addEventListener('abort', () => reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason))), { once: true });
      waiting.push(entry);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

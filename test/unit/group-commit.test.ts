import { Mutex } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { GroupCommit, type TGroupWriter } from '../../server/db/group-commit';
import { runInRequest } from '../../server/http/request-scope';

// The mechanism alone, with a writer that records what it is asked: writes waiting for the
// lock go in one group, in order; a failed group is written again item by item.

function recordingWriter(options: { failGroup?: boolean; refuse?: string } = {}) {
  const groups: string[][] = [];
  const alone: string[] = [];
  const writer: TGroupWriter<string, string> = {
    planGroup(items) {
      groups.push([...items]);
      return Promise.resolve({
        outcomes: items.map((item) => (item === options.refuse ? { ok: false as const, error: new Error(`refused ${item}`) } : { ok: true as const, value: `grouped ${item}` })),
        write: () => (options.failGroup ? Promise.reject(new Error('the batch failed')) : Promise.resolve()),
      });
    },
    writeOne(item) {
      alone.push(item);
      return item === options.refuse ? Promise.reject(new Error(`refused ${item} alone`)) : Promise.resolve(`alone ${item}`);
    },
  };
  return { writer, groups, alone };
}

describe('group commit', () => {
  it('writes what waited for the lock as one group, in arrival order, each with its own answer', async () => {
    const lock = new Mutex();
    const { writer, groups, alone } = recordingWriter({ refuse: 'c' });
    const commit = new GroupCommit(lock, writer);
    const release = await lock.acquire();
    const answers = ['a', 'b', 'c', 'd', 'e'].map((item) => commit.submit(item));
    release();
    const settled = await Promise.allSettled(answers);
    expect(groups).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(alone).toEqual([]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['grouped a', 'grouped b', 'refused c', 'grouped d', 'grouped e']);
  });

  it('writes a group whose batch failed one item at a time, each getting the answer it gets alone', async () => {
    const lock = new Mutex();
    const { writer, groups, alone } = recordingWriter({ failGroup: true, refuse: 'b' });
    const commit = new GroupCommit(lock, writer);
    const release = await lock.acquire();
    const answers = ['a', 'b', 'c'].map((item) => commit.submit(item));
    release();
    const settled = await Promise.allSettled(answers);
    expect(groups).toEqual([['a', 'b', 'c']]);
    expect(alone).toEqual(['a', 'b', 'c']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['alone a', 'refused b alone', 'alone c']);
  });

  it('writes one waiting alone, and leaves out a request stopped before its turn', async () => {
    const lock = new Mutex();
    const { writer, groups, alone } = recordingWriter();
    const commit = new GroupCommit(lock, writer);
    const release = await lock.acquire();
    const stopped = new AbortController();
    const gone = runInRequest(stopped.signal, () => commit.submit('gone'));
    const kept = commit.submit('kept');
    stopped.abort(new Error('the caller hung up'));
    release();
    await expect(gone).rejects.toThrow('the caller hung up');
    await expect(kept).resolves.toBe('alone kept');
    expect([groups, alone]).toEqual([[], ['kept']]);
  });

  it('groups what is submitted before the free lock is taken', async () => {
    const lock = new Mutex();
    const { writer, groups } = recordingWriter();
    const commit = new GroupCommit(lock, writer);
    const first = commit.submit('first');
    const later = ['x', 'y', 'z'].map((item) => commit.submit(item));
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['first', 'x', 'y', 'z']]);
  });
});

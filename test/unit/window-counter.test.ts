import { describe, expect, it } from 'vitest';
import { ZConfig, limitSettings, loadConfig } from '../../server/config';
import { WindowCounter } from '../../server/http/window-counter';

describe('WindowCounter', () => {
  it('counts hits per key in fixed windows and says how long to wait', () => {
    let now = 0;
    const counter = new WindowCounter(2, 60_000, 100, () => now);
    expect([counter.hit('a'), counter.hit('a')]).toEqual([0, 0]);
    expect(counter.retryAfter('a')).toBe(60);
    now = 45_000;
    expect(counter.hit('a')).toBe(15);
    expect(counter.retryAfter('b')).toBe(0);
    now = 60_000;
    expect(counter.retryAfter('a')).toBe(0);
    expect(counter.hit('a')).toBe(0);
  });

  it('stays bounded whatever keys it is sent, forgetting the oldest first', () => {
    let now = 0;
    const counter = new WindowCounter(1, 60_000, 100, () => now);
    for (let i = 0; i < 10_000; i += 1) {
      now += 1;
      counter.hit(`attacker-${i}`);
    }
    expect(counter.size).toBe(100);
    expect(counter.retryAfter('attacker-9999')).toBeGreaterThan(0);
    expect(counter.retryAfter('attacker-0')).toBe(0);
  });
});

describe('limit settings', () => {
  it('reads the limits from the environment, with defaults', () => {
    expect(limitSettings(ZConfig.parse({}))).toMatchObject({ maxBatch: 20, requestTimeoutMs: 30_000, authFailuresPerMinute: 10, ingestPerMinute: 600, dbTimeoutMs: 10_000, trustProxy: false });
    const set = limitSettings(ZConfig.parse({ HANDSHAKE_MAX_BATCH: '5', HANDSHAKE_REQUEST_TIMEOUT_SECONDS: '2.5', HANDSHAKE_DB_TIMEOUT_SECONDS: '3', HANDSHAKE_TRUST_PROXY: '1' }));
    expect(set).toMatchObject({ maxBatch: 5, requestTimeoutMs: 2500, dbTimeoutMs: 3000, trustProxy: true });
  });

  it('stops the start on a bad value, naming the variable', () => {
    expect(() => loadConfig({ HANDSHAKE_MAX_BATCH: '0' })).toThrow(/^HANDSHAKE_MAX_BATCH: /);
    expect(() => loadConfig({ HANDSHAKE_INGEST_PER_MINUTE: 'lots' })).toThrow(/^HANDSHAKE_INGEST_PER_MINUTE: /);
    expect(() => loadConfig({ HANDSHAKE_TRUST_PROXY: 'yes' })).toThrow(/^HANDSHAKE_TRUST_PROXY: /);
  });
});

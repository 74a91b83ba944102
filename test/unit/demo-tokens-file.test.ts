import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoTokensFile } from '../../server/demo/tokens-file';

// Where `npm start` keeps the demo tokens it shows at every start.

describe('the demo tokens file', () => {
  it('lies beside an embedded database, and is named after a libSQL server, never the default database’s', () => {
    expect(demoTokensFile('file:./data/handshake.db')).toBe(resolve('data', 'demo-tokens.json'));
    expect(demoTokensFile('file:/srv/handshake/team.db')).toBe(join('/srv/handshake', 'demo-tokens.json'));
    expect(demoTokensFile('http://127.0.0.1:8080')).toBe(resolve('data', 'demo-tokens.127.0.0.1_8080.json'));
    expect(demoTokensFile('libsql://team-db.example.com?tls=0')).toBe(resolve('data', 'demo-tokens.team-db.example.com.json'));
    expect(demoTokensFile('http://127.0.0.1:8080')).not.toBe(demoTokensFile('file:./data/handshake.db'));
  });
});

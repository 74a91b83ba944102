import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { auditLog } from '../../server/db/schema';
import { lastLine, runCli, tableCells } from '../support/cli';

const cli = (dbUrl: string, ...args: string[]) => runCli(dbUrl, args);
const table = tableCells;

describe('users on the command line', () => {
  let dir: string;
  let dbUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-cli-users-'));
    dbUrl = `file:${join(dir, 'handshake.db')}`;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('user list shows each user with role, team, calendar, manager and backup, never a token', { timeout: 120_000 }, async () => {
    expect(table((await cli(dbUrl, 'user', 'list')).stdout)).toEqual([['No users yet: npm run cli -- user add --email E --name N --role rep|manager|admin']]);
    const manager = await cli(dbUrl, 'user', 'add', '--email', 'maria@example.com', '--name', 'Maria Keller', '--role', 'manager', '--timezone', 'Europe/Berlin', '--holidays', 'de-by');
    const rep = await cli(dbUrl, 'user', 'add', '--email', 'tom@example.com', '--name', 'Tom Baker', '--role', 'rep', '--timezone', 'Europe/London', '--manager', 'maria@example.com', '--backup', 'maria@example.com');
    expect([manager.code, rep.code]).toEqual([0, 0]);
    const tokens = [manager.stdout, rep.stdout].map(lastLine);

    const listed = await cli(dbUrl, 'user', 'list');
    expect(listed.code).toBe(0);
    expect(table(listed.stdout)).toEqual([
      ['email', 'name', 'role', 'team', 'time zone', 'working hours', 'holidays', 'holiday region', 'manager', 'backup', 'takes handovers', 'out of office', 'capacity', 'weight', 'territories'],
      ['maria@example.com', 'Maria Keller', 'manager', 'sales', 'Europe/Berlin', 'Mon–Fri 09:00–17:00', '0', 'DE-BY', '—', '—', 'yes', '—', 'no limit', '1', '—'],
      ['tom@example.com', 'Tom Baker', 'rep', 'sales', 'Europe/London', 'Mon–Fri 09:00–17:00', '0', '—', 'maria@example.com', 'maria@example.com', 'yes', '—', 'no limit', '1', '—'],
    ]);
    for (const token of tokens) expect(listed.stdout).not.toContain(token);
  });

  it('user set changes a calendar, a manager, a backup and availability, audited; bad input is refused naming the option or field', { timeout: 180_000 }, async () => {
    const set = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', '--timezone', 'Europe/Paris', '--working-days', 'Mon-Thu', '--working-hours', '8:30-16:00', '--backup', 'none', '--active', 'no');
    expect(set.code).toBe(0);
    expect(table(set.stdout)[1]).toEqual(['tom@example.com', 'Tom Baker', 'rep', 'sales', 'Europe/Paris', 'Mon–Thu 08:30–16:00', '0', '—', 'maria@example.com', '—', 'no', '—', 'no limit', '1', '—']);

    const refusals = [
      [['--working-days', 'Funday'], 2, /--working-days: "Funday" is not a weekday/],
      [['--working-hours', '9-5'], 2, /--working-hours: expected a start and an end/],
      [['--active', 'maybe'], 2, /--active: expected yes or no/],
      [['--working-hours', '17:00-09:00'], 1, /dayEnd/],
      [['--timezone', 'Mars/Olympus'], 1, /timeZone/],
      [['--backup', 'tom@example.com'], 1, /backupEmail: Tom Baker cannot be their own backup/],
      [['--manager', 'nobody@example.com'], 1, /managerEmail: no user with the e-mail nobody@example.com/],
      [[], 2, /nothing to change/],
    ] as const;
    for (const [args, code, message] of refusals) {
      const refused = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', ...args);
      expect({ args, code: refused.code }).toEqual({ args, code });
      expect(refused.stderr).toMatch(message);
    }
    const unknown = await cli(dbUrl, 'user', 'set', '--email', 'ghost@example.com', '--active', 'yes');
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/email: no user with the e-mail ghost@example.com/) as unknown]);

    // Nothing a refusal touched changed; the one change is audited with what it was before.
    const listed = table((await cli(dbUrl, 'user', 'list')).stdout);
    expect(listed[2]).toEqual(['tom@example.com', 'Tom Baker', 'rep', 'sales', 'Europe/Paris', 'Mon–Thu 08:30–16:00', '0', '—', 'maria@example.com', '—', 'no', '—', 'no limit', '1', '—']);
    const database = await openDatabase(dbUrl);
    try {
      const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.update'));
      expect(audits).toHaveLength(1);
      expect(audits[0]!.details).toMatchObject({ timeZone: { from: 'Europe/London', to: 'Europe/Paris' }, workingDays: { from: [1, 2, 3, 4, 5], to: [1, 2, 3, 4] }, available: { from: true, to: false } });
    } finally {
      database.close();
    }
  });

  it('user set --holidays gives a user the public holidays of a country or region, and none removes them, audited; an unknown one is refused naming --holidays', { timeout: 180_000 }, async () => {
    const set = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', '--holidays', 'gb-sct');
    expect(set.code).toBe(0);
    expect(table(set.stdout)[1]!.slice(6, 8)).toEqual(['0', 'GB-SCT']);

    const refusals = [
      [['user', 'set', '--email', 'tom@example.com', '--holidays', 'G$'], /--holidays: expected a country code, optionally with a region, such as US, DE-BY or GB-SCT/],
      [['user', 'set', '--email', 'tom@example.com', '--holidays', 'XX'], /--holidays: "XX" is not a country/],
      [['user', 'set', '--email', 'tom@example.com', '--holidays', 'GB-XYZ'], /--holidays: GB has no region "XYZ" \(its regions: .*SCT/],
      [['user', 'add', '--email', 'ann@example.com', '--name', 'Ann', '--role', 'rep', '--holidays', 'XX'], /--holidays: "XX" is not a country/],
    ] as const;
    for (const [args, message] of refusals) {
      const refused = await cli(dbUrl, ...args);
      expect({ args, code: refused.code }).toEqual({ args, code: 2 });
      expect(refused.stderr).toMatch(message);
    }
    expect(table((await cli(dbUrl, 'user', 'list')).stdout).map((row) => [row[0], row[7]])).toEqual([
      ['email', 'holiday region'],
      ['maria@example.com', 'DE-BY'],
      ['tom@example.com', 'GB-SCT'],
    ]);

    const removed = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', '--holidays', 'none');
    // The region's holidays were never the user's own: none are left behind.
    expect([removed.code, ...table(removed.stdout)[1]!.slice(6, 8)]).toEqual([0, '0', '—']);
    const database = await openDatabase(dbUrl);
    try {
      const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.update'));
      expect(audits.map((audit) => audit.details).filter((details) => details && 'holidayRegion' in details)).toEqual([{ holidayRegion: { from: null, to: 'GB-SCT' } }, { holidayRegion: { from: 'GB-SCT', to: null } }]);
    } finally {
      database.close();
    }
  });

  it('user set --out-of-office, --capacity, --weight and --territories set what routing reads, audited, none clearing them; a bad value is refused naming the option or field, nothing written', { timeout: 240_000 }, async () => {
    // Days well ahead of any run's today, and one period long past (kept, not listed).
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const [a, b, c] = [day(30), day(40), day(60)];
    const set = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', '--out-of-office', `${c}, ${a}..${b}, 2020-01-06..2020-01-10`, '--capacity', '25', '--weight', '3', '--territories', 'gb, Ireland');
    expect([set.code, set.stderr]).toEqual([0, '']);
    const routed = ['tom@example.com', `${a}..${b},${c}`, '25', '3', 'GB,IE'];
    expect([table(set.stdout)[1]![0], ...table(set.stdout)[1]!.slice(11)]).toEqual(routed);

    const fiftyOne = Array.from({ length: 51 }, (_, i) => day(100 + i)).join(',');
    const refusals = [
      [['--out-of-office', '24/12/2026'], 2, /--out-of-office: "24\/12\/2026" is not a period such as 2026-12-24..2027-01-02/],
      [['--out-of-office', '2027-02-30'], 1, /outOfOffice\.0\.from: expected a real date as YYYY-MM-DD/],
      [['--out-of-office', `${b}..${a}`], 1, /outOfOffice\.0\.to: the last day comes before the first/],
      [['--out-of-office', fiftyOne], 1, /outOfOffice: at most 50 periods/],
      [['--capacity', 'ten'], 2, /--capacity: expected a whole number such as 25 \(or none for no limit\), got "ten"/],
      [['--capacity', '0'], 1, /capacity: expected the most open handovers routing gives them: a whole number from 1 to 10,000/],
      [['--capacity', '10001'], 1, /capacity: .*from 1 to 10,000/],
      [['--weight', 'none'], 2, /--weight: expected a whole number/],
      [['--weight', '101'], 1, /weight: expected their share of the rotation: a whole number from 1 to 100/],
      [['--territories', 'US,Atlantis'], 1, /territories\.1: "Atlantis" is not a country/],
      [['--territories', ','], 2, /--territories: expected country codes such as US,CA, or none/],
      // A good value beside a bad one: nothing is written.
      [['--weight', '5', '--territories', 'XX'], 1, /territories\.0: "XX" is not a country/],
    ] as const;
    for (const [args, code, message] of refusals) {
      const refused = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', ...args);
      expect({ args, code: refused.code }).toEqual({ args, code });
      expect(refused.stderr).toMatch(message);
    }
    const afterRefusals = table((await cli(dbUrl, 'user', 'list')).stdout).find((row) => row[0] === 'tom@example.com')!;
    expect([afterRefusals[0], ...afterRefusals.slice(11)]).toEqual(routed);

    const cleared = await cli(dbUrl, 'user', 'set', '--email', 'tom@example.com', '--out-of-office', 'none', '--capacity', 'none', '--territories', 'none');
    expect([cleared.code, ...table(cleared.stdout)[1]!.slice(11)]).toEqual([0, '—', 'no limit', '3', '—']);
    const added = await cli(dbUrl, 'user', 'add', '--email', 'ann@example.com', '--name', 'Ann Lee', '--role', 'rep', '--out-of-office', a, '--capacity', '5', '--territories', 'fr,BE');
    expect(added.code).toBe(0);
    expect(table((await cli(dbUrl, 'user', 'list')).stdout).find((row) => row[0] === 'ann@example.com')!.slice(11)).toEqual([a, '5', '1', 'FR,BE']);

    const database = await openDatabase(dbUrl);
    try {
      const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.update'));
      expect(audits.map((audit) => audit.details).filter((details) => details && ('capacity' in details || 'outOfOffice' in details))).toEqual([
        {
          outOfOffice: { from: [], to: [{ from: '2020-01-06', to: '2020-01-10' }, { from: a, to: b }, { from: c, to: c }] },
          capacity: { from: null, to: 25 },
          weight: { from: 1, to: 3 },
          territories: { from: [], to: ['GB', 'IE'] },
        },
        {
          outOfOffice: { from: [{ from: '2020-01-06', to: '2020-01-10' }, { from: a, to: b }, { from: c, to: c }], to: [] },
          capacity: { from: 25, to: null },
          territories: { from: ['GB', 'IE'], to: [] },
        },
      ]);
    } finally {
      database.close();
    }
  });

  it('user alerts says and sets what a user gets by e-mail, audited; an unknown kind is refused naming --by-email, nothing written', { timeout: 120_000 }, async () => {
    expect((await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com')).stdout.trim().split('\n')).toEqual([
      'Maria Keller <maria@example.com> gets by e-mail: sla_warning, sla_breach, reassigned, nudge, weekly_report.',
      'Maria Keller <maria@example.com> gets on the desktop: sla_warning, sla_breach, reassigned, nudge.',
    ]);
    const set = await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com', '--by-email', 'sla_breach, weekly_report');
    expect([set.code, set.stdout.trim().split('\n')[0]]).toEqual([0, 'Maria Keller <maria@example.com> gets by e-mail: sla_breach, weekly_report.']);
    const desktop = await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com', '--desktop', 'sla_breach');
    expect(desktop.stdout).toContain('gets on the desktop: sla_breach.');
    expect((await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com', '--desktop', 'weekly_report')).stderr).toMatch(/--desktop: expected all, none, or some of sla_warning, sla_breach, reassigned, nudge separated by commas, not weekly_report/);
    const wrong = await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com', '--by-email', 'sla_breach,gossip');
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringMatching(/--by-email: expected all, none, or some of sla_warning, sla_breach, reassigned, nudge, weekly_report separated by commas, not gossip/) as unknown]);
    expect((await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com')).stdout).toContain('gets by e-mail: sla_breach, weekly_report.');
    expect((await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com', '--by-email', 'none')).stdout).toContain('gets by e-mail: nothing.');
    expect((await cli(dbUrl, 'user', 'alerts', '--email', 'maria@example.com', '--by-email', 'all')).stdout).toContain('gets by e-mail: sla_warning, sla_breach, reassigned, nudge, weekly_report.');
    const database = await openDatabase(dbUrl);
    try {
      const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.alerts'));
      expect(audits.map((a) => a.details)).toEqual([{ email: ['sla_breach', 'weekly_report'] }, { desktop: ['sla_breach'] }, { email: [] }, { email: ['sla_warning', 'sla_breach', 'reassigned', 'nudge', 'weekly_report'] }]);
    } finally {
      database.close();
    }
  });
});

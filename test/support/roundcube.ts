import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './sqld';

// A real webmail on this machine: Debian's Roundcube (PHP's built-in server, SQLite) over a
// Dovecot IMAP server holding one user's Maildir, both on free loopback ports with every
// file in one temp folder. Neither is installed as a service nor needs Apache.

export const ROUNDCUBE_DIR = '/usr/share/roundcube';
const ROUNDCUBE_CONFIG = '/etc/roundcube';
const DOVECOT = '/usr/sbin/dovecot';
/** The Debian packages `.ci/run` installs. */
export const ROUNDCUBE_PACKAGES = 'php-cgi php-cli php-sqlite3 roundcube-core roundcube-sqlite3 dovecot-imapd';

/** Why Roundcube cannot run here, or null when it can. */
export function roundcubeMissing(): string | null {
  const needed: [path: string, pkg: string][] = [
    [`${ROUNDCUBE_DIR}/index.php`, 'roundcube-core'],
    [`${ROUNDCUBE_CONFIG}/defaults.inc.php`, 'roundcube-core'],
    [DOVECOT, 'dovecot-imapd'],
  ];
  const missing = needed
    .filter(([path]) => !existsSync(path))
    .map(([, pkg]) => pkg);
  const php = spawnSync('php', ['-m'], { encoding: 'utf8' });
  if (php.error) missing.push('php-cli');
  else if (!/^pdo_sqlite$/m.test(php.stdout)) missing.push('php-sqlite3');
  if (missing.length === 0) return null;
  return `Roundcube cannot run: ${[...new Set(missing)].join(', ')} not installed (apt-get install -y --no-install-recommends ${ROUNDCUBE_PACKAGES})`;
}

export interface TMail {
  from: string;
  to: string;
  subject: string;
  /** RFC 2822 date. */
  date: string;
  /** HTML when it starts with `<`, plain text otherwise. */
  body: string;
  headers?: Record<string, string>;
}

export interface RunningRoundcube {
  url: string;
  user: string;
  password: string;
  close(): Promise<void>;
}

function message(mail: TMail, n: number): string {
  const html = mail.body.trimStart().startsWith('<');
  const headers = {
    From: mail.from,
    To: mail.to,
    Subject: mail.subject,
    Date: mail.date,
    'Message-ID': `<handshake-test-${n}@roundcube.test>`,
    'MIME-Version': '1.0',
    'Content-Type': `text/${html ? 'html' : 'plain'}; charset=utf-8`,
    'Content-Transfer-Encoding': '8bit',
    ...mail.headers,
  };
  return `${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n${mail.body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

const dovecotConfig = (dir: string, port: number, uid: number) => `
base_dir = ${dir}/dovecot-run
state_dir = ${dir}/dovecot-state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${uid} home=${dir}/home
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
`;

const roundcubeConfig = (dir: string, imapPort: number) => `<?php
$config = [];
$config['db_dsnw'] = 'sqlite:///${dir}/roundcube.db?mode=0640';
$config['imap_host'] = '127.0.0.1:${imapPort}';
$config['smtp_host'] = '';
$config['temp_dir'] = '${dir}/roundcube-temp/';
$config['log_dir'] = '${dir}/roundcube-logs/';
$config['des_key'] = 'handshake-roundcube-test!';
$config['plugins'] = [];
$config['skin'] = 'elastic';
$config['enable_installer'] = false;
$config['enable_spellcheck'] = false;
$config['session_lifetime'] = 60;
`;

// Debian's docroot (/var/lib/roundcube/public_html) expects Apache's aliases; the package's
// own tree is complete, so static files come from it and the rest goes to its index.php.
const ROUTER = `<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && $path !== '/index.php' && !str_ends_with($path, '.php') && is_file('${ROUNDCUBE_DIR}' . $path)) return false;
define('INSTALL_PATH', '${ROUNDCUBE_DIR}/');
chdir('${ROUNDCUBE_DIR}');
require '${ROUNDCUBE_DIR}/index.php';
`;

async function chownTree(path: string, uid: number): Promise<void> {
  await chown(path, uid, uid);
  if (!(await stat(path)).isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), uid);
}

async function waitFor(what: string, ready: () => Promise<boolean>, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${output()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer within 20 s: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** In a process group of its own, so that stopping it stops the workers it forked too. */
function started(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  return { child, output: () => output };
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

/** Dovecot with `mails` in `user`'s inbox (oldest first), and Roundcube in front of it. */
export async function startRoundcube({ user, password, mails }: { user: string; password: string; mails: readonly TMail[] }): Promise<RunningRoundcube> {
  const reason = roundcubeMissing();
  if (reason) throw new Error(reason);
  const dir = await mkdtemp(join(tmpdir(), 'handshake-roundcube-'));
  // Dovecot refuses to open a mailbox as root: as root, the mail belongs to `nobody`.
  const uid = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? 65534);
  await chmod(dir, 0o755);
  const maildir = join(dir, 'home', 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(maildir, sub), { recursive: true });
  for (const [index, mail] of mails.entries()) await writeFile(join(maildir, 'cur', `${1_700_000_000 + index}.M${index}P1.handshake:2,`), message(mail, index + 1));
  await chownTree(join(dir, 'home'), uid);
  await writeFile(join(dir, 'users'), `${user}:{PLAIN}${password}\n`);

  const [imapPort, httpPort] = [await freePort(), await freePort()];
  await writeFile(join(dir, 'dovecot.conf'), dovecotConfig(dir, imapPort, uid));
  const dovecot = started(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')]);
  const children = [dovecot.child];
  try {
    await waitFor('Dovecot', () => accepts(imapPort), dovecot.child, dovecot.output);

    const config = join(dir, 'roundcube-config');
    for (const sub of [config, join(dir, 'roundcube-temp'), join(dir, 'roundcube-logs')]) await mkdir(sub);
    await writeFile(join(config, 'config.inc.php'), roundcubeConfig(dir, imapPort));
    for (const file of ['defaults.inc.php', 'mimetypes.php']) await symlink(join(ROUNDCUBE_CONFIG, file), join(config, file));
    await writeFile(join(dir, 'router.php'), ROUTER);
    const schema = join(ROUNDCUBE_DIR, 'SQL', 'sqlite.initial.sql');
    const init = spawnSync('php', ['-r', `(new PDO('sqlite:${dir}/roundcube.db'))->exec(file_get_contents('${schema}'));`], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`Roundcube's database could not be created: ${init.stderr}`);

    // Several workers: Roundcube loads the list, the preview and its keep-alive at once.
    const php = started('php', ['-S', `127.0.0.1:${httpPort}`, '-t', ROUNDCUBE_DIR, join(dir, 'router.php')], {
      ...process.env,
      ROUNDCUBE_CONFIG_DIR: config,
      PHP_CLI_SERVER_WORKERS: '4',
    });
    children.push(php.child);
    const url = `http://127.0.0.1:${httpPort}`;
    await waitFor('Roundcube', () => fetch(`${url}/`).then((response) => response.ok, () => false), php.child, php.output);
    return {
      url,
      user,
      password,
      async close() {
        for (const child of children.reverse()) await stopped(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const child of children.reverse()) await stopped(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

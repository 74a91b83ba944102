import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Firefox's remote debugging protocol (the one about:debugging and web-ext speak), just what
// the Firefox smoke run needs: start a headless Firefox on a fresh profile, install an add-on
// temporarily, evaluate code in its pages and collect their console errors. Packets are
// length-prefixed JSON; replies come from the actor asked, in order; events carry a `type`.

export type TPacket = Record<string, unknown> & { from?: string; type?: string };

const EVENTS = new Set(['evaluationResult', 'target-available-form', 'target-destroyed-form', 'resources-available-array', 'resources-updated-array', 'resources-destroyed-array', 'tabListChanged', 'addonListChanged', 'workerListChanged', 'serviceWorkerRegistrationListChanged', 'processListChanged', 'descriptor-destroyed', 'frameUpdate', 'tabNavigated']);

/** A quiet profile: no first-run pages, no update or telemetry traffic, unsigned add-ons allowed. */
const PREFS: Record<string, unknown> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'app.update.enabled': false,
  'extensions.update.enabled': false,
  'devtools.debugger.remote-enabled': true,
  'devtools.debugger.prompt-connection': false,
  'devtools.chrome.enabled': true,
  'xpinstall.signatures.required': false,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FirefoxRdp {
  readonly events: TPacket[] = [];
  private buffer = Buffer.alloc(0);
  private readonly replies = new Map<string, ((packet: TPacket) => void)[]>();

  private constructor(
    private readonly socket: net.Socket,
    private readonly firefox: ChildProcess,
    private readonly profile: string,
  ) {
    socket.on('data', (chunk) => this.read(chunk));
  }

  /** A headless Firefox listening for the debugger on a loopback port; the profile is thrown away on close. */
  static async launch(binary: string): Promise<FirefoxRdp> {
    const profile = await mkdtemp(join(tmpdir(), 'handshake-firefox-'));
    await writeFile(join(profile, 'user.js'), Object.entries(PREFS).map(([key, value]) => `user_pref(${JSON.stringify(key)}, ${JSON.stringify(value)});`).join('\n'));
    const port = await freePort();
    const firefox = spawn(binary, ['--headless', '--no-remote', '--profile', profile, '--start-debugger-server', String(port), 'about:blank'], { stdio: 'ignore' });
    for (let attempt = 0; attempt < 200; attempt++) {
      const socket = await new Promise<net.Socket | null>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.on('error', () => resolve(null));
      });
      if (socket) {
        const rdp = new FirefoxRdp(socket, firefox, profile);
        await rdp.waitFor((packet) => packet.from === 'root', 10_000); // the greeting
        return rdp;
      }
      await sleep(150);
    }
    firefox.kill();
    throw new Error(`Firefox (${binary}) did not open its debugger port`);
  }

  request(to: string, type: string, extra: Record<string, unknown> = {}): Promise<TPacket> {
    const text = JSON.stringify({ to, type, ...extra });
    return new Promise((resolve, reject) => {
      const queue = this.replies.get(to) ?? [];
      queue.push((packet) => (packet.error ? reject(new Error(`${type} → ${JSON.stringify(packet.error)}: ${JSON.stringify(packet.message)}`)) : resolve(packet)));
      this.replies.set(to, queue);
      this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    });
  }

  /** The first event (past or to come) that `test` accepts. */
  async waitFor(test: (packet: TPacket) => boolean, timeoutMs: number): Promise<TPacket> {
    for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(50)) {
      const found = this.events.find(test);
      if (found) return found;
    }
    throw new Error('Firefox did not send what was awaited');
  }

  /** Runs `body` (an async function body) in the page of `consoleActor`; its value as JSON, or its error thrown. */
  async evaluate(consoleActor: string, body: string, timeoutMs = 15_000): Promise<unknown> {
    const text = `(async () => { ${body} })().then((v) => JSON.stringify({ ok: v ?? null }), (e) => JSON.stringify({ error: String(e) }))`;
    const { resultID } = (await this.request(consoleActor, 'evaluateJSAsync', { text, mapped: { await: true } })) as { resultID: string };
    const done = await this.waitFor((packet) => packet.type === 'evaluationResult' && packet.resultID === resultID, timeoutMs);
    const result = done.result as string | { type: string; initial?: string } | undefined;
    const json = typeof result === 'string' ? result : (result?.initial ?? '');
    if (!json) throw new Error(`evaluation failed: ${JSON.stringify(done.exceptionMessage ?? done.result)}`);
    const parsed = JSON.parse(json) as { ok?: unknown; error?: string };
    if (parsed.error !== undefined) throw new Error(parsed.error);
    return parsed.ok;
  }

  async close(): Promise<void> {
    this.socket.destroy();
    this.firefox.kill();
    await new Promise((resolve) => (this.firefox.exitCode === null ? this.firefox.once('exit', resolve) : resolve(null)));
    await rm(this.profile, { recursive: true, force: true });
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString()) as TPacket;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      const waiting = packet.from === undefined ? undefined : this.replies.get(packet.from);
      if (waiting?.length && !(packet.type && EVENTS.has(packet.type))) waiting.shift()?.(packet);
      else this.events.push(packet);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

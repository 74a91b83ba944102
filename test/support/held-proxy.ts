import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP hop in front of a libSQL server (sqld) that can hold chosen requests
// unanswered, as a database that hangs on them would: the slow piece the time limits are
// tested against, with nothing of ours stubbed.

export interface HeldRequest {
  body: string;
  /** Resolves when the client gives up on it (closes the request). */
  abandoned: Promise<void>;
}

export interface HeldProxy {
  url: string;
  /** Requests whose body this says true for are never answered (until `close`). */
  hold: (body: string) => boolean;
  /** Resolves with the next request held. */
  nextHeld(): Promise<HeldRequest>;
  close(): Promise<void>;
}

export async function startHeldProxy(target: string): Promise<HeldProxy> {
  const waiting: ((held: HeldRequest) => void)[] = [];
  const heldQueue: HeldRequest[] = [];
  const open = new Set<ServerResponse>();

  async function forward(request: IncomingMessage, body: Buffer, response: ServerResponse) {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    try {
      const answer = await fetch(`${target}${request.url ?? '/'}`, { method: request.method, headers, body: body.length > 0 ? new Uint8Array(body) : undefined });
      const payload = Buffer.from(await answer.arrayBuffer());
      const passed = [...answer.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name));
      response.writeHead(answer.status, Object.fromEntries(passed));
      response.end(payload);
    } catch {
      response.destroy();
    }
  }

  const proxy: HeldProxy = {
    url: '',
    hold: () => false,
    nextHeld: () => new Promise((resolve) => (heldQueue.length > 0 ? resolve(heldQueue.shift()!) : waiting.push(resolve))),
    async close() {
      for (const response of open) response.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!proxy.hold(body.toString('utf8'))) {
        void forward(request, body, response);
        return;
      }
      open.add(response);
      const held: HeldRequest = {
        body: body.toString('utf8'),
        abandoned: new Promise((resolve) => response.once('close', () => resolve())),
      };
      const waiter = waiting.shift();
      if (waiter) waiter(held);
      else heldQueue.push(held);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

import { seededRandom } from '../measure';
import { cannon, perSecond, printRow, rateRatio, serveInChild, type TCannonRequest, type TLoad, type TScaleRow } from './harness';
import type { TScaleDatabase } from './generate';

// packet.get under load (autocannon, 10 and 50 connections): each request a random lead's
// packet by its HubSpot id, asked by the rep who owns it, against /healthz on the same
// server and a bare Hono route in a process of its own, at the same connections. Beside
// them, `me`: the cheapest call through tRPC with a token, what any procedure costs before
// its own work.

const PACKET_SECONDS = 10;
const BASELINE_SECONDS = 5;
// The issue's goals: at every size ≥ 0.1× /healthz's rate, and a p99 under 50 ms at 50 connections.
const GOAL_SHARE_OF_HEALTH = 0.1;
const GOAL_P99_MS_AT_50 = 50;

const describe = (load: TLoad) => `${perSecond(load.requestsPerSecond, 'req')}, p99 ${load.p99Ms} ms${load.failures ? `, ${load.failures} failed` : ''}`;

export async function benchPacket(data: TScaleDatabase, server: { url: string }): Promise<TScaleRow[]> {
  const reps = data.users.filter((u) => u.role === 'rep');
  const random = seededRandom(11);
  const packetRequest: TCannonRequest = {
    method: 'GET',
    setupRequest: (request) => {
      // Leads are owned in turn by the reps in the order they were added (see rows.ts).
      const lead = Math.floor(random() * data.size.leads);
      const input = encodeURIComponent(JSON.stringify({ crm: 'hubspot', recordId: String(51_300_000 + lead + 1) }));
      return { ...request, path: `/trpc/packet.get?input=${input}`, headers: { authorization: `Bearer ${reps[lead % reps.length]!.token}` } };
    },
  };
  const hono = await serveInChild(['hono']);
  const rows: TScaleRow[] = [];
  try {
    for (const connections of [10, 50]) {
      const health = await cannon({ url: `${server.url}/healthz`, connections, durationSeconds: BASELINE_SECONDS });
      const bare = await cannon({ url: hono.url, connections, durationSeconds: BASELINE_SECONDS });
      const me = await cannon({ url: `${server.url}/trpc/me`, connections, durationSeconds: BASELINE_SECONDS, headers: { authorization: `Bearer ${reps[0]!.token}` } });
      const packet = await cannon({ url: server.url, connections, durationSeconds: PACKET_SECONDS, requests: [packetRequest] });
      rows.push(
        printRow({
          figure: `packet.get, ${connections} connections`,
          size: data.size.name,
          value: describe(packet),
          baseline: `/healthz ${describe(health)}; bare Hono ${describe(bare)}; tRPC me ${describe(me)}`,
          ratio: `${rateRatio(packet.requestsPerSecond, health.requestsPerSecond)} (/healthz req/s)`,
          goal: `≥ ${GOAL_SHARE_OF_HEALTH}× /healthz${connections === 50 ? `, p99 < ${GOAL_P99_MS_AT_50} ms` : ''}, no failures`,
          met:
            packet.requestsPerSecond >= GOAL_SHARE_OF_HEALTH * health.requestsPerSecond && (connections !== 50 || packet.p99Ms < GOAL_P99_MS_AT_50) && packet.failures === 0 ? 'yes' : 'no',
          explanation: `A rep's sidebar opening a random lead's packet (its owner asking) while ${connections} others do the same; /healthz is the server's cheapest round trip (one SELECT 1), the bare Hono route the HTTP stack alone, tRPC's me a call's cost before its own work (the token looked up, the tRPC request handled).`,
        }),
      );
    }
  } finally {
    await hono.stop();
  }
  return rows;
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { TAlertChannel } from '../db/schema-alerts';

// How a delivery leaves: e-mail over SMTP (nodemailer, to the team's own server, TLS required
// unless the address says otherwise), and chat through an incoming webhook (Slack's, or any
// tool that takes the same payload). Each answer is sorted: sent, worth another attempt
// later (the server is down, busy or asks to wait), or refused for good.

export type TSendOutcome = { state: 'sent' } | { state: 'retry'; error: string; retryAfterMs?: number } | { state: 'failed'; error: string };

export interface TAlertMessage {
  key: string;
  address: string;
  subject: string;
  body: string;
  link: string | null;
}

export type TSender = (message: TAlertMessage) => Promise<TSendOutcome>;
export type TSenders = Partial<Record<TAlertChannel, TSender>>;

export interface TMailSettings {
  /** smtp://user:password@host:587 (STARTTLS, required), smtps://…:465 (TLS from the start); `?tls=0` for a server on loopback without TLS. */
  url: string;
  from: string;
  /** A CA to trust for the team's own server (PEM). */
  caFile?: string;
}

/** The address without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured address';
  }
}

function transportOptions(settings: TMailSettings) {
  const url = new URL(settings.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`HANDSHAKE_SMTP_URL: expected smtp:// or smtps://, not ${url.protocol}`);
  const implicitTls = url.protocol === 'smtps:';
  const plain = url.searchParams.get('tls') === '0';
  return {
    host: url.hostname,
    port: Number(url.port || (implicitTls ? 465 : 587)),
    secure: implicitTls,
    requireTLS: !implicitTls && !plain,
    ignoreTLS: plain,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    tls: settings.caFile ? { ca: readFileSync(settings.caFile, 'utf8') } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

/** One Message-ID per delivery: a mail sent again after a crash carries the same one. */
const messageId = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@handshake.alerts>`;

export function mailSender(settings: TMailSettings): TSender {
  const transport = nodemailer.createTransport(transportOptions(settings));
  return async (message) => {
    try {
      await transport.sendMail({
        from: settings.from,
        to: message.address,
        subject: message.subject,
        text: message.link ? `${message.body}\n\nOpen the lead: ${message.link}\n` : `${message.body}\n`,
        messageId: messageId(message.key),
      });
      return { state: 'sent' };
    } catch (error) {
      const { responseCode, message: said } = error as { responseCode?: number; message?: string };
      const words = `the mail server at ${redactedUrl(settings.url)} did not take it: ${said ?? String(error)}`;
      // 5xx: the server refuses this message for good (no such mailbox, a policy); anything else may pass later.
      return responseCode !== undefined && responseCode >= 500 ? { state: 'failed', error: words } : { state: 'retry', error: words };
    }
  };
}

/** Slack's incoming webhook: 200 "ok"; 429 with Retry-After; 5xx to retry; other 4xx (invalid_payload, channel_not_found, no_service…) refused for good. */
export function webhookSender(url: string, fetchImpl: typeof fetch = fetch): TSender {
  return async (message) => {
    const text = `*${message.subject}*\n${message.body}${message.link ? `\n<${message.link}|Open the lead>` : ''}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      return { state: 'retry', error: `the chat webhook cannot be reached: ${(error as Error).message}` };
    }
    const said = (await response.text().catch(() => '')).slice(0, 200);
    if (response.ok) return { state: 'sent' };
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      return { state: 'retry', error: `the chat webhook asks to slow down (429 ${said})`, retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined };
    }
    if (response.status >= 500) return { state: 'retry', error: `the chat webhook failed (${response.status} ${said})` };
    return { state: 'failed', error: `the chat webhook refused the message (${response.status} ${said})` };
  };
}

import type { TConfig } from '../config';
import { mailSender, webhookSender, type TSenders } from './senders';

/** The channels the environment sets up: e-mail with a mail server and a sender, chat with a webhook. */
export function alertSenders(config: Pick<TConfig, 'HANDSHAKE_SMTP_URL' | 'HANDSHAKE_ALERTS_FROM' | 'HANDSHAKE_SMTP_CA_FILE' | 'HANDSHAKE_SLACK_WEBHOOK_URL'>): TSenders {
  return {
    email: config.HANDSHAKE_SMTP_URL && config.HANDSHAKE_ALERTS_FROM ? mailSender({ url: config.HANDSHAKE_SMTP_URL, from: config.HANDSHAKE_ALERTS_FROM, caFile: config.HANDSHAKE_SMTP_CA_FILE }) : undefined,
    slack: config.HANDSHAKE_SLACK_WEBHOOK_URL ? webhookSender(config.HANDSHAKE_SLACK_WEBHOOK_URL) : undefined,
  };
}

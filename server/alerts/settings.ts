import type { TConfig } from '../config';
import type { TSecretKey } from '../connectors/secrets';
import type { Database } from '../db/client';
import { mailSender, type TSenders } from './senders';
import { chatSender } from './team-channels';

type TAlertConfig = Pick<TConfig, 'HANDSHAKE_SMTP_URL' | 'HANDSHAKE_ALERTS_FROM' | 'HANDSHAKE_SMTP_CA_FILE' | 'HANDSHAKE_SLACK_WEBHOOK_URL'>;

/** The channels the environment and the teams set up: e-mail with a mail server and a sender; chat through the teams' webhooks or the organisation's. */
export function alertSenders(config: TAlertConfig, database: Database, key: TSecretKey | null): TSenders {
  return {
    email: config.HANDSHAKE_SMTP_URL && config.HANDSHAKE_ALERTS_FROM ? mailSender({ url: config.HANDSHAKE_SMTP_URL, from: config.HANDSHAKE_ALERTS_FROM, caFile: config.HANDSHAKE_SMTP_CA_FILE }) : undefined,
    slack: chatSender(database, key, config.HANDSHAKE_SLACK_WEBHOOK_URL),
  };
}

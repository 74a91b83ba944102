import { describe, expect, it } from 'vitest';
import { redactedUrl } from '../../server/alerts/senders';
import { loadConfig } from '../../server/config';

// The alerts' settings are checked at start-up and said in words, never echoing a secret.

describe('alert settings', () => {
  it('refuses a mail server address that is not SMTP, or one without a sender, naming the variable and not its value', () => {
    const secret = 'https://user:s3cret-pass@mail.acme.com';
    expect(() => loadConfig({ HANDSHAKE_SMTP_URL: secret })).toThrow(/^HANDSHAKE_SMTP_URL: expected smtp:\/\/user:password@host:587 or smtps:\/\/user:password@host:465$/);
    try {
      loadConfig({ HANDSHAKE_SMTP_URL: secret });
    } catch (error) {
      expect(String(error)).not.toContain('s3cret-pass');
    }
    expect(() => loadConfig({ HANDSHAKE_SMTP_URL: 'smtp://u:p@mail.acme.com:587' })).toThrow(/^HANDSHAKE_ALERTS_FROM: required with HANDSHAKE_SMTP_URL/);
    expect(() => loadConfig({ HANDSHAKE_SLACK_WEBHOOK_URL: 'hooks.slack.com/services/x' })).toThrow(/^HANDSHAKE_SLACK_WEBHOOK_URL: expected the incoming webhook address/);
    const config = loadConfig({ HANDSHAKE_SMTP_URL: 'smtps://u:p@mail.acme.com:465', HANDSHAKE_ALERTS_FROM: 'Handshake <h@acme.com>', HANDSHAKE_ALERTS_SECONDS: '5' });
    expect(config).toMatchObject({ HANDSHAKE_SMTP_URL: 'smtps://u:p@mail.acme.com:465', HANDSHAKE_ALERTS_SECONDS: 5 });
  });

  it('names a mail server in messages with its password masked', () => {
    expect(redactedUrl('smtp://handshake:mail-secret-9@mail.acme.com:587')).toBe('smtp://handshake:***@mail.acme.com:587');
    expect(redactedUrl('smtp://mail.acme.com:25?tls=0')).toBe('smtp://mail.acme.com:25?tls=0');
    expect(redactedUrl('not a url')).toBe('the configured address');
  });
});

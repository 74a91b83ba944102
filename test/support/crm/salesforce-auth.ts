import { createPublicKey, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';

// Who may call the stand-in: access tokens (issued by a test or by the OAuth 2.0 JWT bearer
// flow of a connected app) that lapse after the session timeout without use, and the org's
// rolling 24-hour API request count behind DailyApiRequests and Sforce-Limit-Info.

export interface ConnectedAppSpec {
  /** The consumer key, which the JWT's iss must equal. */
  clientId: string;
  /** The PEM the app was given under "Use digital signatures": a public key or an X.509 certificate. */
  certificate: string;
  /** The usernames pre-authorized for the app (the JWT's sub). */
  usernames: string[];
}

export type TokenGrant = { userId: string } | { error: string; error_description: string };

interface Session {
  userId: string;
  lastUsed: number;
}

const DAY_MS = 86_400_000;

export class SalesforceAuth {
  /** A session lapses after this long without a call (Salesforce's default timeout is 2 hours). */
  sessionTimeoutMs = 2 * 60 * 60 * 1000;
  private readonly sessions = new Map<string, Session>();
  private readonly apps = new Map<string, { publicKey: KeyObject; usernames: Set<string> }>();

  constructor(
    private readonly now: () => number,
    private readonly orgId: string,
  ) {}

  issue(userId: string): string {
    const token = `${this.orgId.slice(0, 15)}!AQ${randomBytes(72).toString('base64url')}`;
    this.sessions.set(token, { userId, lastUsed: this.now() });
    return token;
  }

  revoke(token: string): void {
    this.sessions.delete(token);
  }

  revokeAll(): void {
    this.sessions.clear();
  }

  /** The user a live token belongs to (and the session kept alive), or undefined. */
  userFor(token: string): string | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastUsed >= this.sessionTimeoutMs) {
      this.sessions.delete(token);
      return undefined;
    }
    session.lastUsed = Math.max(session.lastUsed, now);
    return session.userId;
  }

  registerApp(spec: ConnectedAppSpec): void {
    const publicKey = spec.certificate.includes('BEGIN CERTIFICATE') ? new X509Certificate(spec.certificate).publicKey : createPublicKey(spec.certificate);
    this.apps.set(spec.clientId, { publicKey, usernames: new Set(spec.usernames.map((u) => u.toLowerCase())) });
  }

  /**
   * Checks a JWT bearer assertion as Salesforce does — RS256 signature by the app's key,
   * iss the consumer key, aud the login URL, exp not past, sub a pre-authorized user — and
   * answers the user or the OAuth error Salesforce sends.
   */
  jwtBearer(assertion: string, loginUrl: string, findUser: (username: string) => { id: string; active: boolean } | undefined): TokenGrant {
    const invalid = (description: string) => ({ error: 'invalid_grant', error_description: description });
    const [header, payload, signature, extra] = assertion.split('.');
    if (header === undefined || payload === undefined || signature === undefined || extra !== undefined) return invalid('invalid assertion');
    const claims = decodeJson(payload);
    if (decodeJson(header)?.alg !== 'RS256' || !claims) return invalid('invalid assertion');
    const app = typeof claims.iss === 'string' ? this.apps.get(claims.iss) : undefined;
    if (!app) return { error: 'invalid_client_id', error_description: 'client identifier invalid' };
    if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), app.publicKey, Buffer.from(signature, 'base64url'))) return invalid('invalid assertion');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const login = loginUrl.replace(/\/$/, '');
    if (!audiences.some((aud) => typeof aud === 'string' && aud.replace(/\/$/, '') === login)) return invalid('audience is invalid');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return invalid('expired authorization code');
    const username = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : '';
    const user = findUser(username);
    if (!user || !app.usernames.has(username)) return invalid("user hasn't approved this consumer");
    if (!user.active) return invalid('inactive user');
    return { userId: user.id };
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The org's API requests in the last 24 hours of the stand-in's clock, against its daily allowance. */
export class ApiUsage {
  max = 15_000;
  private calls: number[] = [];

  constructor(private readonly now: () => number) {}

  used(): number {
    const since = this.now() - DAY_MS;
    if (this.calls.length > 0 && (this.calls[0] ?? 0) <= since) this.calls = this.calls.filter((at) => at > since);
    return this.calls.length;
  }

  count(): void {
    this.calls.push(this.now());
  }

  /** Sets the count as if this many calls had just been made. */
  setUsed(count: number): void {
    this.calls = Array.from({ length: count }, () => this.now());
  }

  header(): string {
    return `api-usage=${this.used()}/${this.max}`;
  }
}

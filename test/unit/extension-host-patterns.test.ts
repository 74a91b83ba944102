import { describe, expect, it } from 'vitest';
import { hostPattern, originPattern } from '../../extension/lib/server-url';

// Firefox's match patterns name no port, and one that does matches nothing there: a server on
// 127.0.0.1:8787 or a custom site on localhost:3000 would never count as allowed.

describe('host patterns in Firefox', () => {
  it('drop the port, so the pattern covers every port of the host', () => {
    expect(hostPattern('http://localhost:3000/*', false)).toBe('http://localhost/*');
    expect(hostPattern('https://*.example.com:8443/*', false)).toBe('https://*.example.com/*');
    expect(hostPattern('http://[::1]:8787/*', false)).toBe('http://[::1]/*');
    expect(originPattern('http://127.0.0.1:8787', false)).toBe('http://127.0.0.1/*');
  });

  it('leave a pattern without a port as it is', () => {
    expect(hostPattern('https://crm.example.com/*', false)).toBe('https://crm.example.com/*');
    expect(originPattern('https://handshake.example.com', false)).toBe('https://handshake.example.com/*');
  });
});

describe('host patterns in Chrome', () => {
  it('keep the port: it narrows the permission to that one port', () => {
    expect(hostPattern('http://localhost:3000/*', true)).toBe('http://localhost:3000/*');
    expect(originPattern('http://127.0.0.1:8787', true)).toBe('http://127.0.0.1:8787/*');
  });

  it('are the default outside a Firefox build', () => {
    expect(originPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/*');
  });
});

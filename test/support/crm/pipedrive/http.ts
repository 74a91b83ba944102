import type { Context } from 'hono';
import type { Body } from './validation';
import { ApiError, v1Invalid, v2Invalid } from './wire';
import type { Query } from './paging';

// The small plumbing the v1 and v2 routes share: answering in the success envelope, turning
// an ApiError into its status and body, reading a JSON body.

type Answer = { status?: 200 | 201; body: Record<string, unknown> };

/** Wraps a route: what it returns is sent as JSON, an ApiError it throws as Pipedrive's error. */
export function route(handler: (c: Context) => Answer | Promise<Answer>) {
  return async (c: Context) => {
    try {
      const { status = 200, body } = await handler(c);
      return c.json(body, status);
    } catch (error) {
      if (error instanceof ApiError) return c.json(error.body, error.status);
      throw error;
    }
  };
}

export const ok = (data: unknown, additional_data?: Record<string, unknown>, status: 200 | 201 = 200): Answer => ({
  status,
  body: { success: true, data, ...(additional_data ? { additional_data } : {}) },
});

export async function jsonBody(c: Context, version: 'v1' | 'v2'): Promise<Body> {
  const text = await c.req.text();
  try {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Body;
  } catch {
    // answered below
  }
  throw version === 'v1' ? v1Invalid('Bad request') : v2Invalid('body', 'Expected a JSON object');
}

export const queryOf = (c: Context): Query => (name) => c.req.query(name);

export function pathId(c: Context): number {
  return Number(c.req.param('id'));
}

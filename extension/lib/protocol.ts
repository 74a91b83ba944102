import type { inferRouterOutputs } from '@trpc/server';
import { browser } from 'wxt/browser';
import type { AppRouter } from '../../server/routers';
import type { TLeadRef } from '../sites/types';

// What the sidebar, popup and options page may ask the background service worker — the
// only part of the extension that talks to the server and holds the token.

export type TOutputs = inferRouterOutputs<AppRouter>;
export type TPacketResult = TOutputs['packet']['get'];
export type TSession = { serverUrl: string; user: TOutputs['me'] } | null;

export interface TApiError {
  code: string;
  message: string;
  field: string | null;
}

export type TResult<T> = { ok: true; value: T } | { ok: false; error: TApiError };

/** A decision or touch waiting for the server: kept with its idempotency key until delivered once. */
export type TPendingAction =
  | { kind: 'accept'; leadId: string; idempotencyKey: string; note?: string; createdAt: string }
  | { kind: 'reject'; leadId: string; idempotencyKey: string; reason: string; note?: string; createdAt: string }
  | { kind: 'touch'; leadId: string; idempotencyKey: string; channel: 'call' | 'email' | 'linkedin' | 'meeting' | 'sms' | 'other'; at: string; createdAt: string };

export interface TPendingItem {
  action: TPendingAction;
  /** Set when the server refused it for good (a 4xx): shown, never retried. */
  failed: TApiError | null;
}

/** Every request, with what it takes and what it answers. */
export interface TProtocol {
  session: { input: null; output: TSession };
  signIn: { input: { serverUrl: string; token: string }; output: TSession };
  signOut: { input: null; output: null };
  packet: { input: TLeadRef; output: TPacketResult };
  act: { input: TPendingAction; output: { delivered: boolean } };
  pending: { input: { leadId?: string }; output: TPendingItem[] };
  /** Delivers what waits, refreshes the badge and shows new SLA notices: what the minute alarm does. */
  sync: { input: null; output: { notices: number } };
  queue: { input: null; output: TOutputs['queue']['mine'] };
  repStats: { input: { from?: string; to?: string }; output: TOutputs['stats']['reps'] };
  funnel: { input: { from?: string; to?: string }; output: TOutputs['stats']['funnel'] };
}

export type TRequestKind = keyof TProtocol;
export type TRequest = { [K in TRequestKind]: { kind: K; input: TProtocol[K]['input'] } }[TRequestKind];

/** Sends a request to the background and returns its result; never throws for server errors. */
export async function ask<K extends TRequestKind>(kind: K, input: TProtocol[K]['input']): Promise<TResult<TProtocol[K]['output']>> {
  const reply: TResult<TProtocol[K]['output']> | undefined = await browser.runtime.sendMessage({ kind, input });
  return reply ?? { ok: false, error: { code: 'NO_BACKGROUND', message: 'The extension is restarting: try again in a moment.', field: null } };
}

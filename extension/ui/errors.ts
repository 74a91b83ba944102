import type { TApiError } from '../lib/types';
import { formatDateTime } from './format';

// Errors in words for a person. The UI branches on the code, never on the message text;
// the server's message (which names the field at fault) is kept where it says more.

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/** An instant in a server message ("2026-11-23T09:02:11.745Z") as a person reads it, in their time zone. */
export function readableInstants(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso));
}

function sentence(text: string): string {
  const t = readableInstants(text.trim());
  const capitalized = t ? t[0]!.toUpperCase() + t.slice(1) : t;
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

const WORDS: Readonly<Record<string, (error: TApiError) => string>> = {
  OFFLINE: () => 'The Handshake server cannot be reached. Check your connection and the server URL.',
  TIMEOUT: () => 'The Handshake server did not answer in time. Try again in a moment.',
  BUSY: () => 'The Handshake server is busy. Try again in a moment.',
  TOO_MANY_REQUESTS: () => 'The Handshake server is busy. Try again in a moment.',
  SERVER_ERROR: (e) => `${sentence(e.message)} Try again in a moment.`,
  UNAUTHORIZED: () => 'The server did not accept this token. Check it, or ask your admin for a new one.',
  NOT_SIGNED_IN: () => 'You are not signed in: open the Handshake options and connect.',
  CONFLICT: (e) => `Someone else got there first: ${sentence(e.message)}`,
};

export function describeError(error: TApiError): string {
  return (WORDS[error.code] ?? ((e: TApiError) => sentence(e.message)))(error);
}

import { storage } from 'wxt/utils/storage';
import type { TOutputs, TPendingItem } from './protocol';

// Extension storage, read and written by the background only: the token never reaches a
// content script or a page.

export const serverUrlItem = storage.defineItem<string>('local:serverUrl', { fallback: 'http://127.0.0.1:8787' });
export const tokenItem = storage.defineItem<string | null>('local:token', { fallback: null });
export const userItem = storage.defineItem<TOutputs['me'] | null>('local:user', { fallback: null });
export const pendingItem = storage.defineItem<TPendingItem[]>('local:pending', { fallback: [] });

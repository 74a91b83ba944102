import { QueryClient } from '@tanstack/react-query';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { toApiError } from '../../extension/background/api';
import { dispatch, type TMessageKind, type TRequest, type THandlers } from '../../extension/lib/messaging';

export interface TFakeBackground {
  /** The inputs of every request of one kind the UI made, in order. */
  of<K extends TMessageKind>(kind: K): TRequest<K>['input'][];
}

/**
 * Stands in for the background service worker: the UI's messages go through the real
 * protocol (lib/messaging.ts: the result values, errors in words) to these handlers.
 */
export function fakeBackground(handlers: Partial<THandlers>, from: 'contentScript' | 'extensionPage' = 'contentScript'): TFakeBackground {
  fakeBrowser.reset();
  const requests: TRequest[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const request = message as TRequest;
    requests.push(request);
    void dispatch(handlers as THandlers, request, { extensionPage: from === 'extensionPage', tabId: from === 'contentScript' ? 1 : null }, toApiError).then(sendResponse);
    return true;
  });
  return {
    of: <K extends TMessageKind>(kind: K) => requests.filter((r): r is TRequest<K> => r.kind === kind).map((r) => r.input),
  };
}

export const testQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// The extension's `browser` is WXT's in-memory fake (wxt/testing): storage and the message
// bus behave as in the browser, and test/component/background.ts answers as the background.
vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

afterEach(() => cleanup());

import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { DEFAULT_CHARTER } from '../../shared/charter';

// The background service worker is the extension's only network client (BRIEF §4).
// For now it records which charter version the extension was built against, so the
// popup and sidebar (and their tests) can read it from extension storage.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(() => {
    void browser.storage.local.set({ builtWithCharterVersion: DEFAULT_CHARTER.version });
  });
});

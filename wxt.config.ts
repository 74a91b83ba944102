import { defineConfig } from 'wxt';
import { SITE_ORIGINS } from './extension/sites';

/**
 * Firefox only (Chrome warns about the key): an add-on id, which Manifest V3 requires, and
 * 140 (the ESR line) as the oldest Firefox: `optional_host_permissions` needs 128, the data
 * collection declaration 140. What leaves the browser: the e-mail address and the CRM
 * record a page shows, sent to the team's own Handshake server to find the lead.
 */
const FIREFOX = {
  gecko: {
    id: 'handshake@extension',
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
  },
};

export default defineConfig({
  srcDir: 'extension',
  // Icons and other static files live with the extension's code.
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  // Firefox gets Manifest V3 too (WXT's default there is V2): one manifest shape, `action`,
  // `host_permissions` and `optional_host_permissions` as in Chrome (README, "Firefox").
  manifestVersion: 3,
  // The sources archive Mozilla's review asks for (`npm run zip:firefox`): what git keeps, not
  // the local database or the browser tests' screenshots.
  zip: { excludeSources: ['data/**', 'test-results/**'] },
  manifest: ({ browser }) => ({
    name: 'Handshake',
    description: 'The MQL→SQL handover packet beside the CRM: criteria, SLA, accept or reject with a reason.',
    // Least privilege (README, "Permissions"):
    // - storage: the session, the outbox of decisions and touches not yet delivered, site settings;
    // - alarms: the one-minute tick that delivers the outbox and polls the queue and notices;
    // - notifications: SLA warnings, breaches and reassignments on the desktop;
    // - scripting: to run the sidebar on the custom sites a user adds, and only on those
    //   whose host permission they granted: the sidebar's own script, registered for their pages
    //   and run once on their tabs already open.
    // No `tabs` (tabs.create needs none), no `<all_urls>`. The CRM and mail pages come
    // from the content script's matches.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    // The server on this computer (the demo, `npm start`, and the browser tests, whose
    // servers listen on loopback at a random port): granted at install, so signing in needs
    // no prompt. A pattern without a port matches every port; loopback only.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    // Any other server, and a team's custom CRM sites: asked for at run time, one origin at
    // a time, from the options page (permissions.request needs them declared here).
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Into the sidebar from the page and back, by keyboard: it sits after everything the page
    // can focus, so Tab alone would take a rep through the whole CRM first.
    commands: {
      'toggle-sidebar': { suggested_key: { default: 'Alt+Shift+H' }, description: 'Move into the Handshake sidebar, or fold it and go back to the page' },
    },
    // The sidebar's UI, imported by the content script once a lead is found or the rep opens
    // the sidebar: loadable by the built-in sites' origins only, where the sidebar already
    // shows, and in Chrome only under a per-session address (a page cannot probe for it).
    // Custom sites get it from the background (scripting) instead.
    web_accessible_resources: [{ resources: ['sidebar-ui.js'], matches: [...SITE_ORIGINS], ...(browser === 'firefox' ? {} : { use_dynamic_url: true }) }],
    ...(browser === 'firefox' ? { browser_specific_settings: FIREFOX } : {}),
  }),
});

import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  manifest: {
    name: 'Handshake',
    description: 'The MQL→SQL handover packet beside the CRM: criteria, SLA, accept or reject with a reason.',
    // Least privilege (README, "Permissions"): storage for the session and the offline queue,
    // alarms to sync it, notifications for SLA warnings and breaches; the CRM and mail pages the sidebar runs on come from the content
    // script's matches; the server's origin is requested when the user connects to it.
    permissions: ['storage', 'alarms', 'notifications'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
  },
});

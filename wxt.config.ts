import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  manifest: {
    name: 'Handshake',
    description: 'The MQL→SQL handover packet beside the CRM: criteria, SLA, accept or reject with a reason.',
    // Least privilege: nothing but storage until a feature needs more (see README).
    permissions: ['storage'],
  },
});

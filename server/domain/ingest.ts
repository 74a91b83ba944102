// Leads and events from CRMs, marketing tools and CDPs, for the REST API, the CSV import
// and the demo seeder alike. Each item is validated on its own: the valid ones are stored,
// each invalid one is reported with the field at fault. Items are written in chunks, each
// chunk in one batch (all of it or nothing), then the leads they touched are re-scored.


export type { TIngestResult, TItemRejection } from './ingest-common';
export { ingestLeads } from './ingest-leads';
export { ingestEvents } from './ingest-events';

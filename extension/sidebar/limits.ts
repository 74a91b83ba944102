/** Signals and the timeline quote what the lead viewed (a page's address may run to 2,000 characters): this much, the whole on hover. */
export const LABEL_MAX = 160;

/** The four criteria of the shared definition, in the order they are shown. Dependency-free for the extension's pages. */
export const CRITERIA = ['fit', 'engagement', 'intent', 'authority'] as const;
export type TCriterion = (typeof CRITERIA)[number];

import { build } from 'wxt';

/** Vitest global setup: every browser test loads the extension exactly as `npm run build` makes it. */
export default async function buildExtension(): Promise<void> {
  await build();
}

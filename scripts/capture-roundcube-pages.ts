import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/support/browser';
import { startRoundcube } from '../test/support/roundcube';
import { ROUNDCUBE_MAILS, ROUNDCUBE_PASSWORD, ROUNDCUBE_REP } from '../test/support/roundcube-mails';
import { SAVED_PAGES } from '../test/support/saved-pages';

// Captures the saved Roundcube pages the unit tests read (test/fixtures/pages/roundcube-*.html)
// from a real Roundcube on this machine, as Chromium has rendered them: the top page (the
// message list) and the preview frame's document. `npx tsx scripts/capture-roundcube-pages.ts`

const roundcube = await startRoundcube({ user: ROUNDCUBE_REP, password: ROUNDCUBE_PASSWORD, mails: ROUNDCUBE_MAILS });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
const save = async (file: string, html: string) => writeFile(join(SAVED_PAGES, file), `${html}\n`);
const preview = (page: Page) => {
  const frame = page.frame({ name: 'messagecontframe' });
  if (!frame) throw new Error('Roundcube shows no preview frame');
  return frame;
};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${roundcube.url.replace('127.0.0.1', 'localhost')}/`);
  await page.getByLabel('Username').fill(ROUNDCUBE_REP);
  await page.getByLabel('Password').fill(ROUNDCUBE_PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.locator('#messagelist tbody tr').nth(ROUNDCUBE_MAILS.length - 1).waitFor();
  await page.waitForTimeout(500);
  await save('roundcube-inbox.html', await page.content());
  for (const [subject, name] of [
    ['Pricing for 200 seats', 'lead'],
    ['This week: pipeline hygiene', 'newsletter'],
    ['Undelivered Mail Returned to Sender', 'bounce'],
  ] as const) {
    await page.locator('#messagelist tbody tr', { hasText: subject }).click();
    await page.frameLocator('#messagecontframe').locator('#message-header').getByText(subject).waitFor();
    await page.waitForTimeout(500);
    await save(`roundcube-inbox-${name}-open.html`, await page.content());
    await save(`roundcube-preview-${name}.html`, await preview(page).content());
  }
} finally {
  await browser.close();
  await roundcube.close();
}

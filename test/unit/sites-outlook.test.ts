import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../extension/sites';
import { savedPage } from '../support/saved-pages';

const MESSAGE = '/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ';

function detect(file: string, url: string, own: readonly string[] = []) {
  const { url: at, document } = savedPage(file, url);
  const adapter = adapterFor(at);
  expect(adapter?.id).toBe('outlook');
  return adapter!.detect(at, document, own);
}

describe('Outlook on the web, in any interface language', () => {
  it.each([
    ['English', 'outlook-reading-pane.html', `https://outlook.office.com${MESSAGE}`],
    ['German', 'outlook-reading-pane-de.html', `https://outlook.office365.com${MESSAGE}`],
    ['French', 'outlook-reading-pane-fr.html', 'https://outlook.live.com/mail/0/inbox/id/AQMkADAwATY3ZmYAZS1kNjA2'],
    ['Spanish', 'outlook-reading-pane-es.html', `https://outlook.cloud.microsoft${MESSAGE}`],
  ])('reads the sender of the open message in %s (%s): not the list, the body or the recipients', (_language, file, url) => {
    expect(detect(file, url)).toEqual({ email: 'jonas.weber@bergmann-logistik.de' });
  });

  it('finds no lead in a message the rep sent, whatever the language', () => {
    for (const file of ['outlook-reading-pane.html', 'outlook-reading-pane-de.html', 'outlook-reading-pane-fr.html', 'outlook-reading-pane-es.html']) {
      expect(detect(file, `https://outlook.office.com/mail/sentitems/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ`, ['Jonas.Weber@bergmann-logistik.de'])).toBeNull();
    }
  });

  it('finds no lead when no message is open, even with one in the page', () => {
    expect(detect('outlook-reading-pane-de.html', 'https://outlook.office365.com/mail/inbox')).toBeNull();
  });
});

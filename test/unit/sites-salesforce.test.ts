import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../extension/sites';
import { savedPage } from '../support/saved-pages';

const lead = (id: string) => `https://acme.lightning.force.com/lightning/r/Lead/${id}/view`;

function detect(file: string, url: string) {
  const { url: at, document } = savedPage(file, url);
  return adapterFor(at)!.detect(at, document);
}

describe('Salesforce Lightning, as its pages really are', () => {
  it('reads the e-mail of a Dynamic Forms lead by the field it is, not a hidden record seen before nor another e-mail field', () => {
    // No records-record-layout-item: the fields are flexipage fields named by their API name;
    // the lead seen before (Paul) is still in the page, hidden, and an assistant's e-mail precedes the lead's.
    expect(detect('salesforce-lead-dynamic-forms.html', lead('00Q5g00000AbCdEFGH'))).toEqual({
      crm: 'salesforce',
      recordId: '00Q5g00000AbCdEFGH',
      email: 'camille.durand@northwind-analytics.fr',
    });
  });

  it("reads the console's active tab only: the second of two lead tabs", () => {
    expect(detect('salesforce-console-two-leads.html', lead('00Q5g00000AbCdEFGH'))).toEqual({
      crm: 'salesforce',
      recordId: '00Q5g00000AbCdEFGH',
      email: 'camille.durand@northwind-analytics.fr',
    });
  });

  it('finds a contact by the e-mail field of a layout in another language', () => {
    expect(detect('salesforce-contact-de.html', 'https://acme.lightning.force.com/lightning/r/Contact/0035g00000JoNaSwEb/view')).toEqual({ email: 'jonas.weber@bergmann-logistik.de' });
  });
});

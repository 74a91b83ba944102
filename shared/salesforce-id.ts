const ID_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * Salesforce's 18-character, case-insensitive form of a record id. Reports export the
 * 15-character form; Lightning pages show the 18-character one, which is what the sidebar
 * looks a lead up by. Each of the three added characters encodes which letters of one
 * 5-character chunk are upper case.
 */
export function salesforceId18(id: string): string | null {
  const t = id.trim();
  if (/^[a-zA-Z0-9]{18}$/.test(t)) return t;
  if (!/^[a-zA-Z0-9]{15}$/.test(t)) return null;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = t[chunk * 5 + i]!;
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += ID_SUFFIX_ALPHABET[bits];
  }
  return t + suffix;
}

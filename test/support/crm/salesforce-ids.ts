// Salesforce record ids: a 3-character key prefix naming the object, 12 more case-sensitive
// base-62 characters, and (in the 18-character form) a 3-character suffix that encodes which
// of the first 15 are upper case, so the id survives case-insensitive systems.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/i;

export const KEY_PREFIXES: Readonly<Record<string, string>> = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Lead: '00Q',
  Task: '00T',
  Event: '00U',
  User: '005',
  Organization: '00D',
  QueryLocator: '01g',
};

function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const char = id15.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character id for a 15-character one. */
export function to18(id15: string): string {
  return id15 + caseSuffix(id15);
}

/** Mints ids for one key prefix; the pod part ("5g") and the counter look like a real org's. */
export function idMinter(keyPrefix: string, start = 0x2a3f1c): () => string {
  let counter = start;
  return () => {
    counter += 1;
    let body = '';
    for (let rest = counter; body.length < 9; rest = Math.floor(rest / 62)) body = BASE62.charAt(rest % 62) + body;
    return to18(`${keyPrefix}5g0${body}`);
  };
}

/**
 * The canonical 18-character id for a 15- or 18-character one (an 18-character id given in
 * the wrong case is put right from its suffix), or undefined when it is not an id at all.
 */
export function normalizeId(value: string): string | undefined {
  if (!ID_SHAPE.test(value)) return undefined;
  if (value.length === 15) return to18(value);
  const suffix = value.slice(15).toUpperCase();
  let restored = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    for (let i = 0; i < 5; i += 1) {
      const char = value.charAt(chunk * 5 + i);
      const upper = (bits & (1 << i)) !== 0;
      if (upper && !/[a-z]/i.test(char)) return undefined;
      restored += /[a-z]/i.test(char) ? (upper ? char.toUpperCase() : char.toLowerCase()) : char;
    }
  }
  return restored + suffix;
}

/** The object an id belongs to, from its key prefix. */
export function objectOfId(id: string): string | undefined {
  const prefix = id.slice(0, 3);
  return Object.keys(KEY_PREFIXES).find((name) => KEY_PREFIXES[name] === prefix);
}

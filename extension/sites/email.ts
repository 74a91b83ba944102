const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;

export function normaliseEmail(text: string | null | undefined): string | undefined {
  const match = text ? EMAIL.exec(text) : null;
  return match ? match[0].toLowerCase() : undefined;
}

/** The first e-mail address found by the selectors, in order: attribute values, then text. */
export function firstEmail(root: ParentNode, selectors: readonly string[], attributes: readonly string[] = ['email', 'href', 'title']): string | undefined {
  for (const selector of selectors) {
    for (const element of root.querySelectorAll(selector)) {
      for (const attribute of attributes) {
        const found = normaliseEmail(element.getAttribute(attribute)?.replace(/^mailto:/i, ''));
        if (found) return found;
      }
      const found = normaliseEmail(element.textContent);
      if (found) return found;
    }
  }
  return undefined;
}

/** URL-encoded text (a mailto: link, a path); malformed encoding is read as written rather than failing the page. */
export function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

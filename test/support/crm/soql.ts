// The part of SOQL the stand-in understands, parsed as Salesforce parses it: SELECT with
// relationship paths (Owner.Email) or COUNT(), FROM, WHERE with comparisons, IN, NOT IN, LIKE,
// AND/OR/NOT and parentheses (AND and OR never mixed without them), unquoted date and
// datetime literals and date keywords (TODAY, LAST_N_DAYS:n...), ORDER BY with NULLS
// FIRST/LAST, LIMIT and OFFSET. Errors carry the caret excerpt Salesforce puts in its messages.

export type SoqlLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; value: number }
  | { kind: 'date'; value: string }
  | { kind: 'dateKeyword'; name: string; n: number };

export interface SoqlFieldRef {
  path: string[];
  at: number;
}

export type SoqlComparison = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type SoqlCondition =
  | { kind: 'and' | 'or'; parts: SoqlCondition[] }
  | { kind: 'not'; inner: SoqlCondition }
  | { kind: 'compare'; field: SoqlFieldRef; op: SoqlComparison; value: SoqlLiteral; valueAt: number }
  | { kind: 'in'; field: SoqlFieldRef; negated: boolean; values: SoqlLiteral[]; valueAt: number };

export interface SoqlOrder {
  field: SoqlFieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  text: string;
  count: boolean;
  fields: SoqlFieldRef[];
  object: string;
  objectAt: number;
  where?: SoqlCondition;
  orderBy: SoqlOrder[];
  limit?: number;
  offset?: number;
}

export type SoqlErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR';

/** A query Salesforce refuses, its message prefixed with the line, a caret and Row/Column. */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: SoqlErrorCode,
    detail: string,
    text: string,
    at: number,
  ) {
    super(caretMessage(text, at, detail));
  }
}

function caretMessage(text: string, at: number, detail: string): string {
  const before = text.slice(0, at);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = at - lineStart + 1;
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${detail}`;
}

type TokenKind = 'word' | 'string' | 'number' | 'datetime' | 'date' | 'op' | 'punct' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  at: number;
  value?: string | number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(?:\.\d+)?(?![\w.])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?::\d+)?/;
const OPERATOR = /^(?:!=|<>|<=|>=|=|<|>)/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', "'": "'", '"': '"', '\\': '\\' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest.startsWith("'")) {
      let value = '';
      let end = at + 1;
      for (; end < text.length && text.charAt(end) !== "'"; end += 1) {
        const char = text.charAt(end);
        if (char !== '\\') {
          value += char;
          continue;
        }
        end += 1;
        const escaped = text.charAt(end);
        if (escaped === '%' || escaped === '_') value += `\\${escaped}`;
        else if (escaped in ESCAPES) value += ESCAPES[escaped];
        else throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${text.slice(at + 1, end + 1)}'. Illegal character sequence '\\${escaped}' in string literal.`, text, at);
      }
      if (end >= text.length) throw new SoqlError('MALFORMED_QUERY', `line 1:${at} mismatched character '<EOF>' expecting '''`, text, at);
      tokens.push({ kind: 'string', text: text.slice(at, end + 1), at, value });
      at = end + 1;
      continue;
    }
    const matched =
      lex('datetime', DATETIME.exec(rest)) ??
      lex('date', DATE.exec(rest)) ??
      lex('number', NUMBER.exec(rest)) ??
      lex('word', WORD.exec(rest)) ??
      lex('op', OPERATOR.exec(rest)) ??
      lex('punct', /^[(),]/.exec(rest));
    if (!matched) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${rest.charAt(0)}'`, text, at);
    tokens.push({ ...matched, at });
    at += matched.text.length;
  }
  tokens.push({ kind: 'end', text: '<EOF>', at: text.length });
  return tokens;
}

function lex(kind: TokenKind, match: RegExpExecArray | null): Omit<Token, 'at'> | undefined {
  return match ? { kind, text: match[0] } : undefined;
}

const DATE_KEYWORDS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_N_DAYS', 'NEXT_N_DAYS']);

/** Parses a query, or throws SoqlError with MALFORMED_QUERY and Salesforce's wording. */
export function parseSoql(text: string): SoqlQuery {
  return new Parser(text).query();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  query(): SoqlQuery {
    this.expectKeyword('SELECT');
    let count = false;
    const fields: SoqlFieldRef[] = [];
    if (this.isKeyword('COUNT') && this.peek(1).text === '(') {
      this.index += 2;
      this.expect(')');
      count = true;
    } else {
      do fields.push(this.fieldRef());
      while (this.accept(','));
    }
    this.expectKeyword('FROM');
    const objectToken = this.next();
    if (objectToken.kind !== 'word' || objectToken.text.includes('.')) this.unexpected(objectToken);
    const query: SoqlQuery = { text: this.text, count, fields, object: objectToken.text, objectAt: objectToken.at, orderBy: [] };
    if (this.acceptKeyword('WHERE')) query.where = this.condition();
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do query.orderBy.push(this.order());
      while (this.accept(','));
    }
    if (this.acceptKeyword('LIMIT')) query.limit = this.integer();
    if (this.acceptKeyword('OFFSET')) query.offset = this.integer();
    const last = this.peek();
    if (last.kind !== 'end') this.unexpected(last);
    return query;
  }

  private condition(): SoqlCondition {
    const first = this.term();
    const joiner = this.peekKeyword('AND') ? 'and' : this.peekKeyword('OR') ? 'or' : undefined;
    if (!joiner) return first;
    const parts = [first];
    while (this.acceptKeyword(joiner.toUpperCase())) parts.push(this.term());
    // SOQL wants parentheses wherever AND and OR meet.
    const other = this.peek();
    if (this.peekKeyword('AND') || this.peekKeyword('OR')) this.unexpected(other);
    return { kind: joiner, parts };
  }

  private term(): SoqlCondition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', inner: this.term() };
    if (this.accept('(')) {
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const field = this.fieldRef();
    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      const valueAt = this.expect('(').at;
      const values: SoqlLiteral[] = [];
      do values.push(this.literal().value);
      while (this.accept(','));
      this.expect(')');
      return { kind: 'in', field, negated, values, valueAt };
    }
    if (negated) this.unexpected(this.peek());
    const opToken = this.next();
    let op: SoqlComparison;
    if (opToken.kind === 'op') op = opToken.text === '<>' ? '!=' : (opToken.text as SoqlComparison);
    else if (opToken.kind === 'word' && opToken.text.toUpperCase() === 'LIKE') op = 'LIKE';
    else return this.unexpected(opToken);
    const { value, at } = this.literal();
    return { kind: 'compare', field, op, value, valueAt: at };
  }

  private literal(): { value: SoqlLiteral; at: number } {
    const token = this.next();
    const at = token.at;
    switch (token.kind) {
      case 'string':
        return { value: { kind: 'string', value: String(token.value) }, at };
      case 'number':
        return { value: { kind: 'number', value: Number(token.text) }, at };
      case 'datetime':
        return { value: { kind: 'datetime', value: Date.parse(token.text) }, at };
      case 'date':
        return { value: { kind: 'date', value: token.text }, at };
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'NULL') return { value: { kind: 'null' }, at };
        if (upper === 'TRUE' || upper === 'FALSE') return { value: { kind: 'boolean', value: upper === 'TRUE' }, at };
        const [name = '', n] = upper.split(':');
        if (DATE_KEYWORDS.has(name) && (n === undefined) === !name.includes('_N_')) return { value: { kind: 'dateKeyword', name, n: Number(n ?? 0) }, at };
        return this.unexpected(token);
      }
      default:
        return this.unexpected(token);
    }
  }

  private order(): SoqlOrder {
    const field = this.fieldRef();
    const descending = this.acceptKeyword('DESC');
    if (!descending) this.acceptKeyword('ASC');
    let nullsLast = descending;
    if (this.acceptKeyword('NULLS')) {
      if (this.acceptKeyword('LAST')) nullsLast = true;
      else if (this.acceptKeyword('FIRST')) nullsLast = false;
      else this.unexpected(this.peek());
    }
    return { field, descending, nullsLast };
  }

  private fieldRef(): SoqlFieldRef {
    const token = this.next();
    if (token.kind !== 'word' || token.text.includes(':') || RESERVED.has(token.text.toUpperCase())) return this.unexpected(token);
    return { path: token.text.split('.'), at: token.at };
  }

  private integer(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) return this.unexpected(token);
    return Number(token.text);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private isKeyword(word: string, token = this.peek()): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  private peekKeyword(word: string): boolean {
    return this.isKeyword(word);
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index += 1;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.unexpected(this.peek());
  }

  private accept(punct: string): boolean {
    if (this.peek().text !== punct || this.peek().kind === 'string') return false;
    this.index += 1;
    return true;
  }

  private expect(punct: string): Token {
    const token = this.peek();
    if (!this.accept(punct)) this.unexpected(token);
    return token;
  }

  private unexpected(token: Token): never {
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: ${token.kind === 'end' ? '<EOF>' : `'${token.text}'`}`, this.text, token.at);
  }
}

const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'LIMIT', 'OFFSET', 'NULL', 'TRUE', 'FALSE', 'ASC', 'DESC', 'NULLS']);

// A small XML well-formedness checker: one root element (after an optional declaration, comments,
// processing instructions and a DOCTYPE), matched tags, quoted and unique attributes, `&` only in entity
// references, closed comments and CDATA. It checks form, not validity: DTDs and namespaces are not read.
// Errors say what is wrong and where (line:column).

export interface XmlElement {
  name: string;
  children: XmlElement[];
}

export type XmlResult = { root: XmlElement; end: number } | { error: string };

const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const ENTITY = /&(?:[A-Za-z_:][A-Za-z0-9_:.-]*|#[0-9]+|#x[0-9a-fA-F]+);/y;
const MAX_DEPTH = 500;

class XmlError extends Error {}

class Parser {
  pos: number;
  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  fail(message: string, at = this.pos): never {
    throw new XmlError(`${message} at ${lineColumn(this.text, at)}`);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipSpace(): boolean {
    const from = this.pos;
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
    return this.pos > from;
  }

  name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail(`expected ${what} name`);
    this.pos += m[0].length;
    return m[0];
  }

  /** Comments, processing instructions and whitespace between markup. */
  misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<?')) this.instruction();
      else return;
    }
  }

  comment(): void {
    const at = this.pos;
    const end = this.text.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('comment <!-- is never closed with -->', at);
    if (this.text.slice(this.pos + 4, end).includes('--')) this.fail('"--" is not allowed inside a comment', at);
    this.pos = end + 3;
  }

  instruction(): void {
    const at = this.pos;
    const end = this.text.indexOf('?>', this.pos + 2);
    if (end < 0) this.fail('processing instruction <? is never closed with ?>', at);
    this.pos = end + 2;
  }

  doctype(): void {
    const at = this.pos;
    let depth = 0;
    for (this.pos += 9; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) {
        this.pos++;
        return;
      }
    }
    this.fail('<!DOCTYPE is never closed', at);
  }

  element(depth: number): XmlElement {
    const open = this.pos;
    if (depth > MAX_DEPTH) this.fail(`elements are nested more than ${MAX_DEPTH} deep`);
    this.pos++; // <
    const name = this.name('an element');
    this.attributes(name);
    if (this.startsWith('/>')) {
      this.pos += 2;
      return { name, children: [] };
    }
    this.pos++; // >
    const children: XmlElement[] = [];
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`<${name}> is never closed (expected </${name}>)`, open);
      if (this.startsWith('</')) {
        const closeAt = this.pos;
        this.pos += 2;
        const closing = this.name('a closing tag');
        this.skipSpace();
        if (this.text[this.pos] !== '>') this.fail(`expected > to end </${closing}`);
        this.pos++;
        if (closing !== name) this.fail(`</${closing}> closes <${name}> opened at ${lineColumn(this.text, open)}`, closeAt);
        return { name, children };
      }
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<![CDATA[')) {
        const end = this.text.indexOf(']]>', this.pos + 9);
        if (end < 0) this.fail('<![CDATA[ is never closed with ]]>');
        this.pos = end + 3;
      } else if (this.startsWith('<?')) this.instruction();
      else if (this.text[this.pos] === '<') children.push(this.element(depth + 1));
      else this.charData();
    }
  }

  attributes(element: string): void {
    const seen = new Set<string>();
    for (;;) {
      const spaced = this.skipSpace();
      if (this.startsWith('/>') || this.startsWith('>')) return;
      if (this.pos >= this.text.length) this.fail(`the start tag <${element} is never closed with >`);
      if (!spaced) this.fail(`expected whitespace, > or /> in <${element}>`);
      const at = this.pos;
      const name = this.name('an attribute');
      if (seen.has(name)) this.fail(`attribute ${name} appears twice in <${element}>`, at);
      seen.add(name);
      this.skipSpace();
      if (this.text[this.pos] !== '=') this.fail(`attribute ${name} has no value (write ${name}="…")`);
      this.pos++;
      this.skipSpace();
      const q = this.text[this.pos];
      if (q !== '"' && q !== "'") this.fail(`the value of attribute ${name} must be in quotes`);
      const end = this.text.indexOf(q, this.pos + 1);
      if (end < 0) this.fail(`the value of attribute ${name} is never closed`);
      for (let i = this.pos + 1; i < end; i++) {
        if (this.text[i] === '<') this.fail(`"<" is not allowed in the value of attribute ${name} (write &lt;)`, i);
        if (this.text[i] === '&') this.entity(i);
      }
      this.pos = end + 1;
    }
  }

  entity(at: number): void {
    ENTITY.lastIndex = at;
    if (!ENTITY.test(this.text)) this.fail('"&" must start an entity reference such as &amp; (write &amp; for a literal &)', at);
  }

  charData(): void {
    const c = this.text[this.pos];
    if (c === '&') {
      this.entity(this.pos);
      this.pos = ENTITY.lastIndex;
      return;
    }
    if (this.startsWith(']]>')) this.fail('"]]>" is not allowed in text');
    this.pos++;
  }
}

/** A whole document: exactly one root element and nothing but comments, instructions and whitespace around it. */
export function parseXmlDocument(text: string): XmlResult {
  const p = new Parser(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  try {
    p.misc();
    if (p.startsWith('<!DOCTYPE')) {
      p.doctype();
      p.misc();
    }
    if (p.text[p.pos] !== '<' || p.startsWith('</')) {
      p.fail(p.pos >= text.length ? 'there is no root element' : 'expected the root element, found text');
    }
    const root = p.element(0);
    p.misc();
    if (p.pos < text.length) p.fail(p.text[p.pos] === '<' ? 'a second root element (XML has exactly one)' : 'text after the root element');
    return { root, end: p.pos };
  } catch (e) {
    if (e instanceof XmlError) return { error: e.message };
    throw e;
  }
}

/** One element starting at `start` (which holds `<`), for finding XML inside prose. */
export function parseXmlElementAt(text: string, start: number): XmlResult {
  const p = new Parser(text, start);
  try {
    const root = p.element(0);
    return { root, end: p.pos };
  } catch (e) {
    if (e instanceof XmlError) return { error: e.message };
    throw e;
  }
}

/** Does `root` have the dotted path `a.b.c`, where `a` is the root's own name? */
export function hasElementPath(root: XmlElement, path: string): boolean {
  const [first, ...rest] = path.split('.').map((s) => s.trim());
  if (first !== root.name) return false;
  let level: XmlElement[] = [root];
  for (const name of rest) {
    level = level.flatMap((e) => e.children.filter((c) => c.name === name));
    if (level.length === 0) return false;
  }
  return true;
}

export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

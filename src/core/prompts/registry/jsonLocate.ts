// Line and column for JSON problems without relying on the engine's error wording: the first syntax error
// of a text, and where the value (or key) at a JSON pointer sits. A small scanner, used only on failure.

export interface JsonPosition {
  offset: number;
  line: number;
  column: number;
}

export interface JsonSyntaxError extends JsonPosition {
  message: string;
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

interface Target {
  tokens: string[];
  key: boolean;
  found?: number;
}

class Scanner {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly target?: Target,
  ) {}

  scan(): void {
    this.value([]);
    this.space();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  private fail(message: string, at = this.pos): never {
    throw new ScanError(at, message);
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos]!)) this.pos++;
  }

  private hit(path: string[], offset: number, key: boolean): void {
    const t = this.target;
    if (!t || t.found !== undefined || t.key !== key || path.length !== t.tokens.length) return;
    if (path.every((p, i) => p === t.tokens[i])) t.found = offset;
  }

  private value(path: string[]): void {
    this.space();
    this.hit(path, this.pos, false);
    const c = this.text[this.pos];
    if (c === undefined) this.fail('the JSON ends too early: a value, bracket or brace is missing');
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return void this.string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!literal) this.fail(`unexpected ${describe(c)}; expected a value`);
    this.pos += literal[0].length;
  }

  private object(path: string[]): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') return void this.pos++;
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail(`unexpected ${describe(this.text[this.pos])}; expected a property name in double quotes`);
      const start = this.pos;
      const key = this.string();
      this.hit([...path, key], start, true);
      this.space();
      if (this.text[this.pos] !== ':') this.fail(`unexpected ${describe(this.text[this.pos])}; expected ":" after the property name`);
      this.pos++;
      this.value([...path, key]);
      this.space();
      const c = this.text[this.pos];
      if (c === '}') return void this.pos++;
      if (c !== ',') this.fail(`unexpected ${describe(c)}; expected "," or "}"`);
      const comma = this.pos++;
      this.space();
      if (this.text[this.pos] === '}') this.fail('a trailing comma before "}" is not allowed in JSON', comma);
    }
  }

  private array(path: string[]): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') return void this.pos++;
    for (let i = 0; ; i++) {
      this.value([...path, String(i)]);
      this.space();
      const c = this.text[this.pos];
      if (c === ']') return void this.pos++;
      if (c !== ',') this.fail(`unexpected ${describe(c)}; expected "," or "]"`);
      const comma = this.pos++;
      this.space();
      if (this.text[this.pos] === ']') this.fail('a trailing comma before "]" is not allowed in JSON', comma);
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      }
      if (c === '\\') this.pos++;
      else if (c === '\n') this.fail('a string is not closed before the end of the line', start);
      this.pos++;
    }
    return this.fail('a string is never closed', start);
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'end of the file' : `character ${JSON.stringify(c)}`;
}

export function positionOf(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).scan();
    return undefined;
  } catch (e) {
    if (!(e instanceof ScanError)) return { ...positionOf(text, 0), message: e instanceof Error ? e.message : String(e) };
    return { ...positionOf(text, Math.min(e.offset, text.length)), message: e.message };
  }
}

/** Where the value at a JSON pointer (`/prompts/x/versions`) starts, or its key when `key` is set. */
export function locatePointer(text: string, pointer: string, key = false): JsonPosition | undefined {
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const target: Target = { tokens, key };
  try {
    new Scanner(text, target).scan();
  } catch {
    // a pointer into an invalid text: report what was found before the error, if anything
  }
  return target.found === undefined ? undefined : positionOf(text, target.found);
}

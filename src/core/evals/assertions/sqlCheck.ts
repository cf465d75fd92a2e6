// A tokenizer-based SQL check, our stand-in for a full parser (node-sql-parser is several megabytes).
// It catches what a model gets wrong most: prose instead of SQL, unclosed strings, quotes or comments,
// unbalanced parentheses, statements that don't start with a statement keyword, dangling commas and
// operators, clauses cut off (`SELECT … FROM` with nothing after it), a missing BY, INTO or SET.
// It does not know each dialect's grammar: SQL it accepts may still be rejected by a database.
// It also lists the tables (and, roughly, the columns) a statement names, for allow-lists.

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'param' | 'op' | '(' | ')' | ',' | ';' | '.';
export interface Token {
  kind: TokenKind;
  text: string;
  /** Upper-case text of a bare word. */
  upper: string;
  pos: number;
}

export class SqlError extends Error {}

const OPERATORS = ['<>', '!=', '<=', '>=', '||', '::', '->>', '->', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, pos: number) => tokens.push({ kind, text, upper: kind === 'word' ? text.toUpperCase() : text, pos });
  while (i < sql.length) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) i++;
    else if (sql.startsWith('--', i)) i = lineEnd(sql, i);
    else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlError(`a /* comment is never closed (at ${where(sql, i)})`);
      i = end + 2;
    } else if (c === "'" || ((c === 'E' || c === 'e' || c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      i = closeQuote(sql, c === "'" ? i : i + 1, "'", 'string');
      push('string', sql.slice(start, i), start);
    } else if (c === '"' || c === '`') {
      i = closeQuote(sql, i, c, 'quoted name');
      push('ident', sql.slice(start + 1, i - 1), start);
    } else if (c === '[') {
      const end = sql.indexOf(']', i);
      if (end < 0) throw new SqlError(`a [bracketed name] is never closed (at ${where(sql, i)})`);
      i = end + 1;
      push('ident', sql.slice(start + 1, i - 1), start);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(0x[0-9a-f]+|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)/i.exec(sql.slice(i))!;
      i += m[0].length;
      push('number', m[0], start);
    } else if (/[A-Za-z_\u00C0-\uFFFF]/.test(c)) {
      const m = /^[A-Za-z0-9_$\u00C0-\uFFFF]+/.exec(sql.slice(i))!;
      i += m[0].length;
      push('word', m[0], start);
    } else if (c === '?' || ((c === '$' || c === ':' || c === '@') && /[A-Za-z0-9_]/.test(sql[i + 1] ?? '') && sql[i - 1] !== ':')) {
      const m = /^[?$:@][A-Za-z0-9_]*/.exec(sql.slice(i))!;
      i += m[0].length;
      push('param', m[0], start);
    } else if (c === '(' || c === ')' || c === ',' || c === ';' || c === '.') {
      i++;
      push(c, c, start);
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (!op) throw new SqlError(`unexpected character ${JSON.stringify(c)} at ${where(sql, i)}`);
      i += op.length;
      push('op', op, start);
    }
  }
  return tokens;
}

function lineEnd(sql: string, i: number): number {
  const end = sql.indexOf('\n', i);
  return end < 0 ? sql.length : end;
}

function closeQuote(sql: string, open: number, q: string, what: string): number {
  for (let i = open + 1; i < sql.length; i++) {
    if (sql[i] === '\\' && q === "'") i++;
    else if (sql[i] === q) {
      if (sql[i + 1] === q) i++;
      else return i + 1;
    }
  }
  throw new SqlError(`a ${what} opened with ${q} is never closed (at ${where(sql, open)})`);
}

export function where(sql: string, pos: number): string {
  const before = sql.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}

const STATEMENTS = new Set([
  'SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'REPLACE', 'UPSERT', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME',
  'GRANT', 'REVOKE', 'EXPLAIN', 'DESCRIBE', 'DESC', 'SHOW', 'USE', 'SET', 'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT',
  'RELEASE', 'VALUES', 'CALL', 'EXEC', 'EXECUTE', 'PRAGMA', 'ANALYZE', 'VACUUM', 'COPY', 'LOCK', 'DECLARE', 'COMMENT', 'TABLE',
]);

/** Words after which a statement cannot end, and which cannot be followed by a clause keyword or a comma. */
const NEEDS_OPERAND = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'BY', 'JOIN', 'ON', 'SET', 'VALUES', 'INTO', 'IN', 'LIKE', 'ILIKE', 'BETWEEN',
  'AS', 'HAVING', 'LIMIT', 'OFFSET', 'UNION', 'INTERSECT', 'EXCEPT', 'USING', 'UPDATE', 'TABLE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'DISTINCT',
]);
const CLAUSES = new Set(['FROM', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'UNION', 'INTERSECT', 'EXCEPT', 'JOIN', 'ON', 'SET', 'VALUES', 'RETURNING', 'WINDOW']);

/** Splits on top-level `;` and checks each statement; throws SqlError with what is wrong and where. */
export function checkSql(sql: string): Token[][] {
  const tokens = tokenize(sql);
  if (tokens.length === 0) throw new SqlError('there is no SQL, only whitespace or comments');
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === '(') depth++;
    else if (t.kind === ')' && --depth < 0) throw new SqlError(`")" at ${where(sql, t.pos)} has no matching "("`);
  }
  if (depth > 0) throw new SqlError(`${depth} "(" ${depth === 1 ? 'is' : 'are'} never closed`);
  const statements: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === ';') statements.push([]);
    else statements[statements.length - 1]!.push(t);
  }
  const nonEmpty = statements.filter((s) => s.length > 0);
  for (const statement of nonEmpty) checkStatement(sql, statement);
  return nonEmpty;
}

function checkStatement(sql: string, ts: Token[]): void {
  const first = ts[0]!;
  if (!(first.kind === '(' || (first.kind === 'word' && STATEMENTS.has(first.upper)))) {
    throw new SqlError(`the statement starts with ${JSON.stringify(first.text)} at ${where(sql, first.pos)}, which does not begin a SQL statement`);
  }
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const next = ts[i + 1];
    const at = () => where(sql, t.pos);
    const word = t.kind === 'word' ? t.upper : '';
    if (!next) {
      if (NEEDS_OPERAND.has(word) || t.kind === ',' || (t.kind === 'op' && t.text !== '*')) {
        throw new SqlError(`the statement ends right after ${JSON.stringify(t.text)} at ${at()}; something is missing after it`);
      }
      continue;
    }
    const nextWord = next.kind === 'word' ? next.upper : '';
    if (t.kind === ',' && (next.kind === ',' || next.kind === ')' || CLAUSES.has(nextWord))) {
      throw new SqlError(`a dangling comma before ${JSON.stringify(next.text)} at ${at()}`);
    }
    if (NEEDS_OPERAND.has(word) && !['SELECT', 'UPDATE', 'TABLE'].includes(word) && (CLAUSES.has(nextWord) || next.kind === ',' || next.kind === ')')) {
      throw new SqlError(`${t.text} at ${at()} is followed by ${JSON.stringify(next.text)}; an expression or name is missing between them`);
    }
    if (t.kind === 'op' && t.text !== '*' && (next.kind === ')' || next.kind === ',' || CLAUSES.has(nextWord))) {
      throw new SqlError(`the operator ${t.text} at ${at()} has nothing on its right before ${JSON.stringify(next.text)}`);
    }
    if ((word === 'AND' || word === 'OR') && (nextWord === 'AND' || nextWord === 'OR')) {
      throw new SqlError(`${t.text} ${next.text} at ${at()}: a condition is missing between them`);
    }
    if ((word === 'GROUP' || word === 'ORDER') && nextWord !== 'BY') {
      throw new SqlError(`${t.text} at ${at()} must be followed by BY`);
    }
    if (word === 'SELECT' && (nextWord === 'FROM' || next.kind === ',')) {
      throw new SqlError(`SELECT at ${at()} lists nothing to select before ${JSON.stringify(next.text)}`);
    }
  }
  if (first.upper === 'UPDATE' && !ts.some((t) => t.upper === 'SET')) throw new SqlError('UPDATE has no SET clause');
  if (first.upper === 'DELETE' && !ts.some((t) => t.upper === 'FROM') && ts.length < 2) throw new SqlError('DELETE names no table');
}

/** Table names a statement reads or writes (after FROM, JOIN, INTO, UPDATE, TABLE), CTE names left out. */
export function tablesOf(statements: Token[][]): string[] {
  const tables = new Set<string>();
  for (const ts of statements) {
    const ctes = new Set<string>();
    ts.forEach((t, i) => {
      if (t.kind === 'word' && ts[i + 1]?.upper === 'AS' && ts[i + 2]?.kind === '(' && (ts[i - 1]?.upper === 'WITH' || ts[i - 1]?.kind === ',')) ctes.add(t.upper);
    });
    const inFunction = functionArguments(ts);
    for (let i = 0; i < ts.length; i++) {
      const u = ts[i]!.upper;
      if (!['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE'].includes(u) || inFunction[i]) continue;
      let j = i + 1;
      while (['IF', 'NOT', 'EXISTS', 'ONLY', 'LATERAL'].includes(ts[j]?.upper ?? '')) j++;
      for (;;) {
        const name = qualifiedName(ts, j);
        if (!name) break;
        if (!ctes.has(name.text.toUpperCase())) tables.add(name.text);
        j = name.end;
        // FROM a, b: more tables after commas, past any alias
        while (ts[j] && ts[j]!.kind !== ',' && !CLAUSES.has(ts[j]!.upper) && ts[j]!.kind !== '(' && ts[j]!.kind !== ')' && !['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL'].includes(ts[j]!.upper)) j++;
        if (u !== 'FROM' || ts[j]?.kind !== ',') break;
        j++;
      }
    }
  }
  return [...tables];
}

/** Functions whose arguments use FROM (`EXTRACT(YEAR FROM d)`); true for each token inside their parentheses. */
const FROM_FUNCTIONS = new Set(['EXTRACT', 'TRIM', 'SUBSTRING', 'POSITION', 'OVERLAY']);

function functionArguments(ts: Token[]): boolean[] {
  const stack: boolean[] = [];
  return ts.map((t, i) => {
    if (t.kind === '(') stack.push(FROM_FUNCTIONS.has(ts[i - 1]?.upper ?? '') || stack[stack.length - 1] === true);
    else if (t.kind === ')') stack.pop();
    return stack[stack.length - 1] === true;
  });
}

function qualifiedName(ts: Token[], j: number): { text: string; end: number } | undefined {
  const parts: string[] = [];
  while (ts[j] && (ts[j]!.kind === 'word' || ts[j]!.kind === 'ident')) {
    parts.push(ts[j]!.text);
    if (ts[j + 1]?.kind !== '.') return { text: parts.join('.'), end: j + 1 };
    j += 2;
  }
  return undefined;
}

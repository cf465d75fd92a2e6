// How a javascript assertion or transform becomes a function body, as promptfoo reads them: text of
// several lines is a body as written (it must `return`); one line is an expression, or declarations then a
// final expression (`const s = JSON.parse(output); s.ok`). A file's module exports a function.

export function scriptBody(code: string): string {
  const trimmed = code.trim();
  if (trimmed.includes('\n')) return trimmed;
  const line = trimmed.replace(/;+\s*$/, '');
  if (/^(const|let|var)\s/.test(line)) {
    const semi = lastTopLevelSemicolon(line);
    if (semi >= 0 && line.slice(semi + 1).trim()) return `${line.slice(0, semi + 1)}\nreturn (\n${line.slice(semi + 1).trim()}\n);`;
    return line;
  }
  return `return (\n${line}\n);`;
}

/** The last `;` outside strings, template literals, comments and brackets; -1 when there is none. */
function lastTopLevelSemicolon(code: string): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipQuoted(code, i, c);
    else if (c === '/' && code[i + 1] === '/') return last;
    else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) return last;
      i = end + 1;
    }
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth === 0) last = i;
  }
  return last;
}

function skipQuoted(code: string, start: number, quote: string): number {
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === quote) return i;
  }
  return code.length;
}

/**
 * A CommonJS module's source as a function body over (output, context): `module.exports = fn`, or a named
 * export (`file://check.js:isPolite`), called with the arguments. `require` and `import` are not available.
 */
export function moduleBody(source: string, exportName?: string): string {
  const pick = exportName
    ? `module.exports[${JSON.stringify(exportName)}]`
    : `(typeof module.exports === 'function' ? module.exports : module.exports.default)`;
  const what = exportName ? `a function named ${JSON.stringify(exportName)}` : 'a function (module.exports = (output, context) => …)';
  return [
    'const module = { exports: {} };',
    'const exports = module.exports;',
    source,
    ';',
    `const __check = ${pick};`,
    `if (typeof __check !== 'function') throw new Error(${JSON.stringify(`the file does not export ${what}`)});`,
    'return __check(output, context);',
  ].join('\n');
}

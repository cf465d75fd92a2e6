// RFC 4180 CSV: quoted fields with "" escapes and line breaks inside, CRLF / LF / CR record ends, a leading
// byte order mark. Pure and total: bad input gives problems with their line and column, never an exception.

export interface CsvRecord {
  cells: string[];
  /** 1-based line and column where each cell starts. */
  starts: Array<{ line: number; column: number }>;
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based line where it ends (later than `line` when a quoted cell holds line breaks). */
  endLine: number;
}

export interface CsvProblem {
  /** `unclosed-quote`: the record from that quote to the end is lost. `text-after-quote`: kept, the text is read as written. */
  kind: 'unclosed-quote' | 'text-after-quote';
  message: string;
  line: number;
  column: number;
}

export interface CsvParseResult {
  records: CsvRecord[];
  problems: CsvProblem[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Reads every record; a blank line (no cells at all) is not a record. */
export function parseCsv(input: string, delimiter = ','): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;

  /** Moves `line`/`lineStart` over the line breaks of text[from, to). */
  const countLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < n) {
    const startLine = line;
    let endLine = line;
    const cells: string[] = [];
    const starts: Array<{ line: number; column: number }> = [];
    let quotedAny = false;
    let lost = false;
    for (;;) {
      // One field, starting at i.
      starts.push({ line, column: i - lineStart + 1 });
      if (text.charCodeAt(i) === QUOTE) {
        quotedAny = true;
        const openLine = line;
        const openColumn = i - lineStart + 1;
        let value = '';
        let k = i + 1;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) {
            countLines(k, n);
            problems.push({
              kind: 'unclosed-quote',
              message: 'The quoted cell opened here is never closed; add the closing " (write a quote inside a quoted cell as "")',
              line: openLine,
              column: openColumn,
            });
            i = n;
            lost = true;
            break;
          }
          countLines(k, q);
          value += text.slice(k, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            k = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (lost) break;
        const c = text.charCodeAt(i);
        if (i < n && c !== sep && c !== LF && c !== CR) {
          const end = nextBoundary(text, i, sep);
          problems.push({
            kind: 'text-after-quote',
            message: `Text after the closing quote of a cell ("${text.slice(i, Math.min(end, i + 20))}"); it is kept as written, but quote the whole cell`,
            line,
            column: i - lineStart + 1,
          });
          value += text.slice(i, end);
          i = end;
        }
        cells.push(value);
      } else {
        const end = nextBoundary(text, i, sep);
        cells.push(text.slice(i, end));
        i = end;
      }
      // After a field: a delimiter, a record end or the end of the text.
      endLine = line;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === sep) {
        i++;
        if (i < n) continue;
        starts.push({ line, column: i - lineStart + 1 });
        cells.push('');
        break;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineStart = i;
      break;
    }
    if (lost) break;
    const blank = cells.length === 1 && cells[0] === '' && !quotedAny;
    if (!blank) records.push({ cells, starts, line: startLine, endLine });
  }
  return { records, problems };
}

/** Index of the next delimiter or line break from `from`, or the end of the text. */
function nextBoundary(text: string, from: number, sep: number): number {
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === sep || c === LF || c === CR) return k;
  }
  return text.length;
}

// is-sql: the output is SQL our tokenizer-based check accepts (see sqlCheck.ts for what it catches and
// what it can't), optionally naming only allowed tables (`value: { allowedTables: [...] }`; promptfoo's
// `select::null::users` form is read as `users`). `databaseType` is accepted but every dialect's quoting
// is allowed; `allowedColumns` is not checked.
import type { AssertionFn } from '../types';
import { errored, failed, listWords, passed, quote } from './result';
import { checkSql, SqlError, tablesOf } from './sqlCheck';
import { isRecord, listValue } from './values';

function bareName(entry: string): string {
  const parts = entry.split('::');
  return parts[parts.length - 1]!.trim().toLowerCase();
}

export const isSql: AssertionFn = (spec, ctx) => {
  if (spec.value !== undefined && spec.value !== null && !isRecord(spec.value)) {
    return errored('is-sql takes an optional object value: { databaseType, allowedTables }.');
  }
  const allowedRaw = isRecord(spec.value) ? spec.value.allowedTables : undefined;
  const allowed = allowedRaw === undefined ? undefined : listValue(allowedRaw);
  if (allowedRaw !== undefined && !allowed) return errored('is-sql allowedTables must be a list of table names.');
  let statements;
  try {
    statements = checkSql(ctx.output);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    const fence = /^\s*```/.test(ctx.output) ? ' The output is wrapped in a Markdown code fence: ask for bare SQL, or strip it with a transform.' : '';
    return failed(`Output is not valid SQL: ${e.message}; got ${quote(ctx.output)}.${fence}`);
  }
  if (allowed) {
    const allowedSet = new Set(allowed.map(bareName));
    const used = tablesOf(statements);
    const forbidden = used.filter((t) => !allowedSet.has(t.toLowerCase()) && !allowedSet.has(bareName(t.split('.').pop()!)));
    if (forbidden.length > 0) {
      return failed(`Output is SQL but uses table${forbidden.length > 1 ? 's' : ''} ${listWords(forbidden)}, not in the allowed ${listWords(allowed)}.`);
    }
  }
  return passed(`Output is SQL: ${statements.length} statement${statements.length > 1 ? 's' : ''} that the SQL check accepts.`);
};

// regex: the output matches a JavaScript regular expression (promptfoo: `new RegExp(value)`, no flags unless
// `config.flags` gives them). A pattern that does not compile is a failure with the compiler's words.
import type { AssertionFn, AssertionSpec } from '../types';
import { errored, failed, passed, quote } from './result';
import { textValue } from './values';

export type CompiledRegex = { regex: RegExp } | { problem: string };

const FLAGS = /^[dgimsuvy]*$/;

export function compileRegex(pattern: string, flags = ''): CompiledRegex {
  if (!FLAGS.test(flags)) return { problem: `regex flags ${quote(flags)} are not JavaScript flags (use d, g, i, m, s, u, v, y)` };
  try {
    // `g` and `y` make test() stateful; a single test needs neither.
    return { regex: new RegExp(pattern, flags.replace(/[gy]/g, '')) };
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e);
    return {
      problem: `regex ${quote(pattern)} does not compile: ${detail}. Escape characters meant literally (\\( \\[ \\. \\?).`,
    };
  }
}

export function regexFlags(spec: AssertionSpec): string {
  const flags = spec.config?.flags;
  return typeof flags === 'string' ? flags : '';
}

export const regex: AssertionFn = (spec, ctx) => {
  const pattern = textValue(spec.value);
  if (pattern === undefined || pattern === '') return errored('regex needs a pattern as its value; add `value:`.');
  const compiled = compileRegex(pattern, regexFlags(spec));
  if ('problem' in compiled) return errored(`${compiled.problem[0]!.toUpperCase()}${compiled.problem.slice(1)}`);
  const match = compiled.regex.exec(ctx.output);
  return match
    ? passed(`Output matches /${pattern}/ at ${quote(match[0])}.`)
    : failed(`Output does not match /${pattern}/; got ${quote(ctx.output)}.`);
};

// Renders a prompt's messages with Handlebars: no HTML escaping, strict about missing variables, defaults
// from `inputs`, partials from a PartialSet. Throws only InputError (bad template or variables, located in
// the file) or PromptyardError.
import type { ChatMessage } from '../../shared/types';
import { PromptyardError } from '../errors';
import { RUNTIME_OPTIONS, type CompiledTemplate, type RuntimeOptions } from './handlebarsEnv';
import { messageOrigin, partialOrigin, type TemplateOrigin } from './origins';
import { EMPTY_PARTIALS, type PartialSet, type PartialTemplate } from './partials';
import type { PromptFile } from './promptFile';
import { missingPartialError, partialCycleError, problemError, renderFailure } from './renderErrors';
import { planTemplate, type PartialRef, type TemplatePlan, type VariablePart } from './template';

export interface RenderOptions {
  /** Partials for `{{> name}}`; load them with loadPartials(). None by default. */
  partials?: PartialSet;
}

export type TemplateVariables = Record<string, unknown>;

export function renderPrompt(prompt: PromptFile, vars: TemplateVariables = {}, options: RenderOptions = {}): ChatMessage[] {
  try {
    const partials = options.partials ?? EMPTY_PARTIALS;
    const context = buildContext(prompt, vars);
    const out: ChatMessage[] = new Array(prompt.messages.length);
    for (let i = 0; i < prompt.messages.length; i++) {
      const message = prompt.messages[i]!;
      out[i] = { role: message.role, content: renderMessage(prompt, i, context, partials) };
    }
    return out;
  } catch (e) {
    if (e instanceof PromptyardError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new PromptyardError('render-failed', `Cannot render ${prompt.file}: ${reason}.`, {
      hint: 'Check the variables passed to the prompt.',
      cause: e,
    });
  }
}

function renderMessage(prompt: PromptFile, index: number, context: TemplateVariables, partials: PartialSet): string {
  const plan = planTemplate(prompt.messages[index]!.content);
  if (plan.problems.length > 0) throw problemError(plan.problems[0]!, messageOrigin(prompt, index));
  if (plan.partialRefs.length > 0) checkPartials(plan, () => messageOrigin(prompt, index), partials);
  if (plan.parts) {
    const text = concatenate(plan.parts, context);
    if (text !== undefined) return text;
  }
  try {
    return plan.render(context, plan.usesPartials ? runtimeWith(partials) : RUNTIME_OPTIONS);
  } catch (e) {
    const origin = (typeof e === 'object' && e !== null && errorOrigins.get(e)) || messageOrigin(prompt, index);
    throw renderFailure(e, origin, context);
  }
}

/**
 * The fast path: text and top-level `{{name}}` whose values are strings, numbers, booleans or null,
 * rendered exactly as Handlebars would. Anything else (missing, objects, lists) returns undefined and
 * goes through Handlebars, which renders it or throws the located error.
 */
function concatenate(parts: Array<string | VariablePart>, context: TemplateVariables): string | undefined {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(context, part.name)) return undefined;
    const value = context[part.name];
    if (typeof value === 'string') out += value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') out += String(value);
    else if (value !== null) return undefined;
  }
  return out;
}

function buildContext(prompt: PromptFile, vars: TemplateVariables): TemplateVariables {
  const context: TemplateVariables = {};
  if (prompt.inputs) {
    for (const name of Object.keys(prompt.inputs)) {
      const value = prompt.inputs[name]?.default;
      if (value !== undefined) assign(context, name, value);
    }
  }
  if (vars !== null && typeof vars === 'object') {
    for (const name of Object.keys(vars)) {
      const value = vars[name];
      if (value !== undefined) assign(context, name, value);
    }
  }
  return context;
}

function assign(target: TemplateVariables, key: string, value: unknown): void {
  // A `__proto__` key from JSON must stay a plain property, never the object's prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const verified = new WeakMap<PartialSet, Set<string>>();

/** Every partial a template names exists, has no problems and includes no cycle; checked once per set. */
function checkPartials(plan: TemplatePlan, origin: () => TemplateOrigin, partials: PartialSet): void {
  let done = verified.get(partials);
  if (!done) verified.set(partials, (done = new Set()));
  if (done.has(plan.text)) return;
  checkRefs(plan.partialRefs, origin, partials, []);
  done.add(plan.text);
}

function checkRefs(refs: PartialRef[], origin: () => TemplateOrigin, partials: PartialSet, chain: string[]): void {
  for (const ref of refs) {
    const partial = partials.partials.get(ref.name);
    if (!partial) throw missingPartialError(ref, origin(), partials);
    if (chain.includes(ref.name)) throw partialCycleError(ref, origin(), chain);
    const plan = planTemplate(partial.content);
    const inner = partialOrigin(partial);
    if (plan.problems.length > 0) throw problemError(plan.problems[0]!, inner);
    checkRefs(plan.partialRefs, () => inner, partials, [...chain, ref.name]);
  }
}

/** Which partial an error escaped from, so its location points into the partial's file. */
const errorOrigins = new WeakMap<object, TemplateOrigin>();
const runtimes = new WeakMap<PartialSet, RuntimeOptions>();

function runtimeWith(partials: PartialSet): RuntimeOptions {
  let runtime = runtimes.get(partials);
  if (!runtime) {
    const compiled: Record<string, CompiledTemplate> = {};
    for (const partial of partials.partials.values()) {
      // Handlebars copies partials into plain objects: a `__proto__` entry would become a prototype.
      if (partial.name !== '__proto__') compiled[partial.name] = wrapPartial(partial);
    }
    runtime = { ...RUNTIME_OPTIONS, partials: compiled };
    runtimes.set(partials, runtime);
  }
  return runtime;
}

function wrapPartial(partial: PartialTemplate): CompiledTemplate {
  const plan = planTemplate(partial.content);
  const origin = partialOrigin(partial);
  return (context, options) => {
    if (plan.problems.length > 0) throw problemError(plan.problems[0]!, origin);
    try {
      return plan.render(context, options);
    } catch (e) {
      if (typeof e === 'object' && e !== null && !errorOrigins.has(e)) errorOrigins.set(e, origin);
      throw e;
    }
  };
}

// Renders a prompt's messages with Handlebars the way promptyard does: no HTML escaping, strict about
// missing variables, defaults from `inputs`, partials from prompts/partials/, adjacent values joined as
// text ({{a}}{{b}} with 1 and 2 is "12"). test/renderCases.test.ts holds it to promptyard's shared cases.
import Handlebars from 'handlebars';
import type { PromptMessage, PromptVersion } from './registry.js';

type Delegate = Handlebars.TemplateDelegate;

export class RenderError extends Error {
  override name = 'RenderError';
}

export function createRenderer(partials: Record<string, string>): (template: string, variables: Record<string, unknown>) => string {
  const env = Handlebars.create();
  env.unregisterHelper('log');
  concatenateAsText(env);
  for (const [name, text] of Object.entries(partials)) env.registerPartial(name, text);
  const compiled = new Map<string, Delegate>();
  return (template, variables) => {
    let fn = compiled.get(template);
    if (!fn) {
      fn = env.compile(template, { noEscape: true, strict: true });
      compiled.set(template, fn);
    }
    try {
      return fn(variables, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (e) {
      throw new RenderError((e as Error).message.split('\n')[0] ?? 'cannot render the prompt');
    }
  };
}

export function renderMessages(render: ReturnType<typeof createRenderer>, prompt: PromptVersion, variables: Record<string, unknown>): PromptMessage[] {
  const context = { ...prompt.defaults, ...variables };
  return prompt.messages.map((m) => ({ role: m.role, content: render(m.content, context) }));
}

interface CompilerClass {
  new (): object;
  prototype: { appendToBuffer: (source: unknown, location: unknown, explicit: unknown) => unknown; compiler: CompilerClass };
}

/**
 * With noEscape, handlebars.js joins values with `+` without making them strings first, so
 * `{{major}}{{minor}}` with 1 and 2 gives "3". A compiler whose appends coerce to string gives "12".
 */
function concatenateAsText(env: typeof Handlebars): void {
  const holder = env as unknown as { JavaScriptCompiler: CompilerClass };
  const Base = holder.JavaScriptCompiler;
  const append = Base.prototype.appendToBuffer;
  function TextCompiler(this: object): void {
    Base.call(this);
  }
  const proto = Object.create(Base.prototype) as CompilerClass['prototype'];
  proto.appendToBuffer = function (this: object, source, location, explicit) {
    const parts = Array.isArray(source) ? source : [source];
    return append.call(this, ['("" + (', ...parts, '))'], location, explicit);
  };
  const Compiler = TextCompiler as unknown as CompilerClass;
  Compiler.prototype = proto;
  proto.compiler = Compiler;
  holder.JavaScriptCompiler = Compiler;
}

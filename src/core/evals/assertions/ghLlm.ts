// gh-llm: a GitHub Models `llm` evaluator (`value: { modelId?, prompt, systemPrompt?, choices: [{ choice, score }] }`).
// The prompt is a template over the case's variables, `{{input}}`, `{{completion}}` and `{{expected}}`; the
// grader's reply picks a choice: the whole reply (or its last line) equal to a choice, else the first
// choice, in order, that the reply contains (gh-models' rule), ignoring case. The choice's score, divided by
// the highest when scores go above 1, is the score. It passes at `threshold` when set, else only with the
// highest-scoring choice (gh-models passes any choice scoring above 0; set threshold: 0.01 for that).
import { withJudge } from '../grading/judge';
import { renderTemplate } from '../grading/template';
import { excerpt } from '../grading/verdict';
import type { ChatMessage } from '../../../shared/types';
import type { AssertionFn } from '../types';
import { ghTemplateVars } from './ghVars';
import { errored, num, scored } from './result';
import { isRecord } from './values';

export interface LlmChoice {
  choice: string;
  score: number;
}

export function readChoices(value: unknown): LlmChoice[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const out: LlmChoice[] = [];
  for (const c of value) {
    if (!isRecord(c) || typeof c.choice !== 'string' || typeof c.score !== 'number' || !Number.isFinite(c.score)) return undefined;
    out.push({ choice: c.choice, score: c.score });
  }
  return out;
}

export function matchChoice(reply: string, choices: LlmChoice[]): LlmChoice | undefined {
  const text = reply.trim().toLowerCase();
  const clean = (s: string) => s.replace(/^[\s*_`"'([]+|[\s*_`"'.!)\]]+$/g, '').toLowerCase();
  const lines = text.split('\n').filter((l) => l.trim());
  const exact = choices.find((c) => clean(text) === clean(c.choice)) ?? choices.find((c) => clean(lines[lines.length - 1] ?? '') === clean(c.choice));
  return exact ?? choices.find((c) => text.includes(c.choice.toLowerCase()));
}

export const ghLlm: AssertionFn = (spec, ctx) => {
  const value = isRecord(spec.value) ? spec.value : undefined;
  const modelId = typeof value?.modelId === 'string' ? value.modelId : undefined;
  return withJudge(ctx, { ...spec, provider: spec.provider ?? modelId }, 'The llm evaluator', async (judge) => {
    const choices = readChoices(value?.choices);
    if (!value || typeof value.prompt !== 'string' || !choices) {
      return errored('An llm evaluator needs a prompt and choices ([{ choice, score }]).');
    }
    const vars = ghTemplateVars(ctx);
    const prompt = renderTemplate(value.prompt, vars);
    if ('problem' in prompt) return errored(`The llm evaluator's prompt cannot be rendered: ${prompt.problem}`);
    const messages: ChatMessage[] = [];
    if (typeof value.systemPrompt === 'string' && value.systemPrompt) {
      const system = renderTemplate(value.systemPrompt, vars);
      if ('problem' in system) return errored(`The llm evaluator's systemPrompt cannot be rendered: ${system.problem}`);
      messages.push({ role: 'system', content: system.text });
    }
    messages.push({ role: 'user', content: prompt.text });
    const reply = await judge.complete(messages);
    const match = matchChoice(reply, choices);
    const names = choices.map((c) => JSON.stringify(c.choice)).join(', ');
    if (!match) return errored(`The llm evaluator's grader (${judge.modelId}) replied with none of the choices ${names}: "${excerpt(reply)}".`);
    const top = Math.max(...choices.map((c) => c.score));
    const score = top > 1 ? match.score / top : match.score;
    const pass = spec.threshold !== undefined ? score >= spec.threshold : match.score === top;
    const bar = spec.threshold !== undefined ? `the threshold ${num(spec.threshold)}` : `the best choice's ${num(top)}`;
    return scored(pass, score, `The grader chose ${JSON.stringify(match.choice)} (score ${num(match.score)}), ${pass ? 'reaching' : 'below'} ${bar}.`);
  });
};

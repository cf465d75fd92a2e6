// One prompt run, streamed or not: resolve the prompt through the lock, guard and render the variables,
// check the budget and the cache, call the model under an overall deadline with a breaker and a fallback
// model, check the output (canary, JSON Schema), then account tokens and cost.
import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Logger } from 'pino';
import { CircuitBreaker } from './breaker.js';
import type { Config } from './config.js';
import { retryAfter, secondsToNextUtcDay, ServiceError } from './errors.js';
import { CanaryFilter, delimit, GuardError, hardenMessages, leaksCanary, sanitizeVariables } from './guards.js';
import { attempts, UpstreamError, type ChatResult, type LlmClient } from './llm.js';
import type { Metrics } from './metrics.js';
import type { Prices } from './prices.js';
import type { PromptRegistry, PromptVersion } from './registry.js';
import { createRenderer, renderMessages, RenderError } from './render.js';
import type { Store } from './store.js';
import { endSpan, tracer } from './tracing.js';

export interface RunInput {
  promptId: string;
  version?: string;
  variables: unknown;
  /** Who the budget belongs to (the API key's hash or the client IP). */
  clientKey: string;
  requestId: string;
  /** Aborted when the client goes away or the service shuts down. */
  signal: AbortSignal;
}

export interface RunOutput {
  output: string;
  json?: unknown;
  prompt: { id: string; version: string };
  model: string;
  usage: { input_tokens: number; output_tokens: number };
  cost_usd: number;
  latency_ms: number;
  cached: boolean;
  request_id: string;
}

export interface RunnerDeps {
  config: Config;
  registry: PromptRegistry;
  llm: LlmClient;
  store: Store;
  prices: Prices;
  metrics: Metrics;
  logger: Logger;
}

export class Runner {
  private readonly render;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ allErrors: false, strict: false });

  constructor(private readonly deps: RunnerDeps) {
    this.render = createRenderer(deps.registry.partials);
  }

  async run(input: RunInput, onText?: (text: string) => void): Promise<RunOutput> {
    const { config, metrics, logger } = this.deps;
    const started = performance.now();
    const prompt = this.deps.registry.get(input.promptId, input.version);
    if (!prompt) {
      throw new ServiceError('not_found', input.version ? `prompt ${input.promptId} has no released version ${input.version} in this service` : `no prompt '${input.promptId}' in this service`);
    }
    const rendered = this.renderFor(prompt, input.variables);
    await this.checkBudget(input.clientKey);

    const cacheKey = !onText && config.cacheTtlSeconds > 0 ? sha256(JSON.stringify([prompt.id, prompt.version, prompt.model, rendered, prompt.parameters])) : undefined;
    if (cacheKey) {
      const hit = await this.deps.store.cacheGet(cacheKey).catch(() => undefined);
      if (hit) {
        metrics.cacheHits.inc();
        const cached = JSON.parse(hit) as RunOutput;
        return { ...cached, cached: true, cost_usd: 0, latency_ms: Math.round(performance.now() - started), request_id: input.requestId };
      }
      metrics.cacheMisses.inc();
    }

    const counter = { count: 0 };
    // One controller for the run: the client going away, the overall deadline and a blocked answer abort it.
    const run = new AbortController();
    const messages = hardenMessages(rendered, config.canary);
    const filter = onText ? new CanaryFilter(config.canary) : undefined;
    let sent = false;
    let blocked = false;
    const relay = onText
      ? (text: string) => {
          if (blocked) return;
          const safe = filter!.push(text);
          if (safe === null) {
            blocked = true;
            run.abort(new Error('output blocked'));
            return;
          }
          if (safe) {
            sent = true;
            onText(safe);
          }
        }
      : undefined;

    // The overall deadline: a timer cleared when the run ends, so nothing outlives the request.
    const onClientGone = () => run.abort(input.signal.reason);
    if (input.signal.aborted) onClientGone();
    else input.signal.addEventListener('abort', onClientGone, { once: true });
    const deadlineTimer = setTimeout(() => run.abort(new DOMException('request deadline', 'TimeoutError')), config.requestDeadlineMs);
    const signal = run.signal;
    let result: ChatResult;
    let calls = 0;
    try {
      result = await attempts.run(counter, () =>
        this.callWithFallback(prompt, messages, signal, relay, () => sent, () => calls++),
      );
    } catch (e) {
      if (!blocked) throw e;
      result = { text: '', model: prompt.model, usage: { input_tokens: 0, output_tokens: 0 } };
    } finally {
      clearTimeout(deadlineTimer);
      input.signal.removeEventListener('abort', onClientGone);
      const retries = Math.max(0, counter.count - calls);
      if (retries > 0) metrics.retries.inc(retries);
    }
    if (blocked || leaksCanary(result.text, config.canary)) {
      logger.warn({ request_id: input.requestId, prompt_id: prompt.id, prompt_version: prompt.version }, 'output blocked: it contained the canary');
      throw new ServiceError('output_blocked', 'the answer was withheld because it revealed protected instructions');
    }
    if (relay) {
      const rest = filter!.flush();
      if (rest) onText!(rest);
    }

    const json = this.validateOutput(prompt, result.text);
    const modelId = result.model === prompt.model || !result.model ? prompt.modelId : `${config.provider}/${result.model}`;
    const cost = this.deps.prices.cost(modelId, result.usage.input_tokens, result.usage.output_tokens);
    metrics.tokens.inc({ prompt: prompt.id, model: modelId, direction: 'input' }, result.usage.input_tokens);
    metrics.tokens.inc({ prompt: prompt.id, model: modelId, direction: 'output' }, result.usage.output_tokens);
    metrics.cost.inc({ prompt: prompt.id, model: modelId }, cost);
    if (config.budgetTokensPerDay > 0 || config.budgetUsdPerDay > 0) {
      await this.deps.store.budgetAdd(input.clientKey, utcDay(), result.usage.input_tokens + result.usage.output_tokens, cost);
    }
    const out: RunOutput = {
      output: result.text,
      ...(json !== undefined ? { json } : {}),
      prompt: { id: prompt.id, version: prompt.version },
      model: result.model,
      usage: result.usage,
      cost_usd: cost,
      latency_ms: Math.round(performance.now() - started),
      cached: false,
      request_id: input.requestId,
    };
    if (cacheKey) await this.deps.store.cacheSet(cacheKey, JSON.stringify(out), config.cacheTtlSeconds).catch(() => undefined);
    logger.info(
      {
        request_id: input.requestId,
        prompt_id: prompt.id,
        prompt_version: prompt.version,
        model: result.model,
        input_tokens: result.usage.input_tokens,
        output_tokens: result.usage.output_tokens,
        cost_usd: cost,
        latency_ms: out.latency_ms,
        retries: Math.max(0, counter.count - calls),
        status: 200,
      },
      onText ? 'stream done' : 'run done',
    );
    return out;
  }

  /** Whether any breaker is open (for the gauge). */
  private updateGauge(): void {
    const open = [...this.breakers.values()].some((b) => b.current !== 'closed');
    this.deps.metrics.circuitOpen.set(open ? 1 : 0);
  }

  private breaker(model: string): CircuitBreaker {
    let b = this.breakers.get(model);
    if (!b) {
      b = new CircuitBreaker(this.deps.config.breakerFailures, this.deps.config.breakerResetMs, () => this.updateGauge());
      this.breakers.set(model, b);
    }
    return b;
  }

  private async callWithFallback(
    prompt: PromptVersion,
    messages: ReturnType<typeof hardenMessages>,
    signal: AbortSignal,
    relay: ((text: string) => void) | undefined,
    sentAnything: () => boolean,
    countCall: () => void,
  ): Promise<ChatResult> {
    const { config, llm, metrics } = this.deps;
    const models = [prompt.model];
    if (config.fallbackModel && config.fallbackModel !== prompt.model) models.push(config.fallbackModel);
    let last: ServiceError | undefined;
    for (const model of models) {
      const breaker = this.breaker(model);
      if (!breaker.tryAcquire()) {
        last = new ServiceError('circuit_open', `calls to ${model} are paused after repeated failures`, retryAfter(breaker.retryAfterMs() / 1000));
        continue;
      }
      const request = { model, messages, parameters: prompt.parameters, json: prompt.outputSchema !== undefined, signal };
      const timer = metrics.upstreamDuration.startTimer({ model });
      const span = tracer.startSpan('llm.chat', { attributes: { 'gen_ai.request.model': model, 'promptyard.prompt.id': prompt.id, 'promptyard.prompt.version': prompt.version, 'promptyard.stream': relay !== undefined } });
      countCall();
      try {
        const result = relay ? await llm.stream(request, relay) : await llm.complete(request);
        breaker.success();
        this.updateGauge();
        span.setAttributes({ 'gen_ai.usage.input_tokens': result.usage.input_tokens, 'gen_ai.usage.output_tokens': result.usage.output_tokens });
        endSpan(span);
        return result;
      } catch (e) {
        endSpan(span, e);
        const err = e instanceof UpstreamError ? e : new UpstreamError('upstream_error', 'the model call failed', true);
        if (err.retryable && err.kind !== 'aborted') breaker.failure();
        else breaker.release();
        this.updateGauge();
        if (err.kind === 'aborted') throw new ServiceError('shutting_down', 'the request was cancelled');
        const mapped = new ServiceError(err.kind === 'upstream_timeout' ? 'upstream_timeout' : 'upstream_error', err.message);
        // Never a second try once the client has seen output, or after a final error, or past the deadline.
        if (!err.retryable || sentAnything() || signal.aborted) throw mapped;
        last = mapped;
      } finally {
        timer();
      }
    }
    throw last ?? new ServiceError('upstream_error', 'no model could be called');
  }

  private renderFor(prompt: PromptVersion, variables: unknown) {
    try {
      const clean = sanitizeVariables(variables, this.deps.config);
      return renderMessages(this.render, prompt, delimit(clean, prompt.trusted));
    } catch (e) {
      if (e instanceof GuardError) throw new ServiceError(e.kind, e.message);
      if (e instanceof RenderError) throw new ServiceError('invalid_request', `cannot render the prompt: ${e.message}`);
      throw e;
    }
  }

  private async checkBudget(clientKey: string): Promise<void> {
    const { budgetTokensPerDay, budgetUsdPerDay } = this.deps.config;
    if (budgetTokensPerDay <= 0 && budgetUsdPerDay <= 0) return;
    const used = await this.deps.store.budgetGet(clientKey, utcDay());
    if ((budgetTokensPerDay > 0 && used.tokens >= budgetTokensPerDay) || (budgetUsdPerDay > 0 && used.usd >= budgetUsdPerDay)) {
      throw new ServiceError('budget_exceeded', 'the daily budget of this API key is used up', secondsToNextUtcDay());
    }
  }

  private validateOutput(prompt: PromptVersion, text: string): unknown {
    if (!prompt.outputSchema) return undefined;
    const key = `${prompt.id}@${prompt.version}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(prompt.outputSchema);
      this.validators.set(key, validate);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ServiceError('output_invalid', 'the model did not answer with JSON');
    }
    if (!validate(value)) {
      const first = validate.errors?.[0];
      throw new ServiceError('output_invalid', `the model's JSON does not match the prompt's schema (${first?.instancePath || '/'} ${first?.message ?? ''})`.trim());
    }
    return value;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function utcDay(): string {
  return new Date().toISOString().slice(0, 10);
}

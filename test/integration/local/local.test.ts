// The local provider on the real runtime (node-llama-cpp 3.21.1, CPU) with tiny GGUF models generated here.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError, PromptyardError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/ports';
import { createLocalProvider, disposeLocalModels } from '../../../src/core/providers/local';
import { RECOMMENDED_LOCAL_MODEL } from '../../../src/core/providers/localModels';
import type { ChatRequest, Provider, StreamEvent } from '../../../src/core/providers/types';
import { buildGguf, makeGguf, TINY_MODEL_ANSWER } from '../../support/makeGguf';

describe('local provider (node-llama-cpp)', function () {
  this.timeout(30_000);
  let dir: string;
  let scripted: string;
  let rambling: string;
  let provider: Provider;

  const ask = (model: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    model,
    messages: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'Say something.' },
    ],
    ...extra,
  });

  async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
    const all: StreamEvent[] = [];
    for await (const event of events) all.push(event);
    return all;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promptyard-local-'));
    scripted = (await makeGguf(join(dir, 'tiny.gguf'))).path;
    rambling = (await makeGguf(join(dir, 'random.gguf'), { random: true, seed: 7 })).path;
    provider = createLocalProvider({}, { logger: silentLogger, cwd: dir });
  });

  after(async () => {
    await disposeLocalModels();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the known answer in several text deltas, then usage and done', async () => {
    const events = await collect(provider.stream(ask(scripted)));
    const deltas = events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : ''));
    assert.ok(deltas.length >= 5, `expected several deltas, got ${JSON.stringify(deltas)}`);
    assert.equal(deltas.join('').trim(), TINY_MODEL_ANSWER);
    const last = events.at(-1);
    assert.equal(last?.type, 'done');
    assert.equal(events.at(-2)?.type, 'usage');
    if (last?.type !== 'done') return;
    const { result } = last;
    assert.equal(result.text.trim(), TINY_MODEL_ANSWER);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.modelId, `local/${scripted}`);
    assert.ok(result.usage.inputTokens > 10, `input tokens ${result.usage.inputTokens}`);
    assert.ok(result.usage.outputTokens >= deltas.length, `output tokens ${result.usage.outputTokens}`);
    assert.ok(result.firstTokenMs !== undefined && result.firstTokenMs <= result.latencyMs);
    assert.deepEqual(result.toolCalls, []);
    assert.equal(result.cost?.total, 0);
  });

  it('completes without streaming, from a path relative to the working folder', async () => {
    const result = await provider.complete(ask('tiny.gguf'));
    assert.equal(result.text.trim(), TINY_MODEL_ANSWER);
    assert.equal(result.finishReason, 'stop');
  });

  it('runs local.model for local/default, with a multi-turn history', async () => {
    const configured = createLocalProvider({ model: '~/tiny.gguf' }, { logger: silentLogger, home: dir });
    const result = await configured.complete({
      model: 'default',
      messages: [
        { role: 'system', content: 'Be nice.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again?' },
      ],
    });
    assert.equal(result.text.trim(), TINY_MODEL_ANSWER);
    assert.equal(result.modelId, 'local/default');
  });

  it('runs the recommended model from the cache folder without downloading it again', async () => {
    const cacheDir = join(dir, 'cache');
    await mkdir(cacheDir);
    await copyFile(scripted, join(cacheDir, RECOMMENDED_LOCAL_MODEL.file));
    let fetched = 0;
    const fetchImpl: typeof fetch = async () => {
      fetched++;
      throw new Error('no network in this test');
    };
    const cached = createLocalProvider({ cacheDir }, { logger: silentLogger, fetchImpl });
    for (const model of ['default', RECOMMENDED_LOCAL_MODEL.name]) {
      assert.equal((await cached.complete(ask(model))).text.trim(), TINY_MODEL_ANSWER);
    }
    assert.equal(fetched, 0);
  });

  it('stops at maxTokens with finishReason length, and at a stop sequence', async () => {
    const short = await provider.complete(ask(scripted, { parameters: { maxTokens: 3 } }));
    assert.equal(short.finishReason, 'length');
    assert.equal(short.text.trim(), 'Hello from the');
    const stopped = await provider.complete(ask(scripted, { parameters: { stop: ['offline'] } }));
    assert.equal(stopped.finishReason, 'stop');
    assert.equal(stopped.text.trim(), 'Hello from the tiny');
  });

  it('constrains the output to a JSON schema, or to any JSON object', async () => {
    const schema = { type: 'object', properties: { answer: { enum: ['ok'] } }, required: ['answer'] };
    const result = await provider.complete(
      ask(scripted, { responseFormat: { type: 'json_schema', name: 'reply', schema }, parameters: { maxTokens: 40 } }),
    );
    assert.deepEqual(JSON.parse(result.text), { answer: 'ok' });
    const object = await provider.complete(ask(scripted, { responseFormat: { type: 'json_object' }, parameters: { maxTokens: 40 } }));
    assert.equal(typeof JSON.parse(object.text), 'object', object.text);
  });

  it('maps a function call to a tool call, streamed as deltas', async () => {
    const model = (await makeGguf(join(dir, 'tool.gguf'), { answer: '||call: get_weather' })).path;
    const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { enum: ['Paris'] } }, required: ['city'] } }];
    const events = await collect(provider.stream(ask(model, { tools, parameters: { maxTokens: 60 } })));
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    if (done?.type !== 'done') return;
    assert.equal(done.result.finishReason, 'tool_calls');
    const [call] = done.result.toolCalls;
    assert.equal(call?.name, 'get_weather');
    assert.deepEqual(JSON.parse(call?.arguments ?? ''), { city: 'Paris' });
    const deltas = events.flatMap((e) => (e.type === 'tool_call_delta' ? [e] : []));
    assert.equal(deltas[0]?.id, call?.id);
    assert.equal(deltas.map((d) => d.argumentsDelta).join(''), call?.arguments);

    // The result goes back as a tool message and the model answers.
    const next = await provider.complete({
      model: scripted,
      tools,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'c1', content: '{"celsius":21}' },
      ],
    });
    assert.equal(next.text.trim(), TINY_MODEL_ANSWER);
  });

  it('refuses a forced tool choice with invalid_request', async () => {
    const tools = [{ name: 'f', parameters: { type: 'object', properties: {} } }];
    await assert.rejects(provider.complete(ask(scripted, { tools, toolChoice: 'required' })), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.kind, 'invalid_request');
      return true;
    });
  });

  it('stops promptly when aborted mid-generation and stays usable', async () => {
    const unbounded = await provider.complete(ask(rambling, { parameters: { maxTokens: 300 } }));
    assert.equal(unbounded.finishReason, 'length', 'the random model must ramble on without an abort');
    const controller = new AbortController();
    let deltas = 0;
    let abortedAt = 0;
    await assert.rejects(
      (async () => {
        for await (const event of provider.stream(ask(rambling, { parameters: { maxTokens: 100_000 } }), { signal: controller.signal })) {
          if (event.type === 'text' && ++deltas === 5) {
            abortedAt = Date.now();
            controller.abort();
          }
        }
      })(),
      (e: unknown) => e instanceof ProviderError && e.kind === 'cancelled',
    );
    const took = Date.now() - abortedAt;
    assert.ok(took < 500, `the stream ended ${took} ms after the abort`);
    assert.ok(deltas < 50, `${deltas} deltas after an abort at 5`);
    assert.equal((await provider.complete(ask(scripted))).text.trim(), TINY_MODEL_ANSWER);
  });

  it('ends the generation when the reader stops reading', async () => {
    let deltas = 0;
    let stoppedAt = 0;
    for await (const event of provider.stream(ask(rambling, { parameters: { maxTokens: 100_000 } }))) {
      if (event.type === 'text' && ++deltas === 3) {
        stoppedAt = Date.now();
        break;
      }
    }
    assert.equal((await provider.complete(ask(scripted))).text.trim(), TINY_MODEL_ANSWER);
    const took = Date.now() - stoppedAt;
    assert.ok(took < 1000, `the abandoned generation held the model for ${took} ms`);
  });

  it('ends with a timeout error when the deadline passes', async () => {
    await assert.rejects(provider.complete(ask(rambling, { parameters: { maxTokens: 100_000 } }), { deadlineMs: 50 }), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.kind, 'timeout');
      return true;
    });
  });

  it('names a missing model file and says what to do', async () => {
    const missing = join(dir, 'nope.gguf');
    await assert.rejects(provider.complete(ask(missing)), (e: unknown) => {
      assert.ok(e instanceof PromptyardError);
      assert.equal(e.code, 'local-model-missing');
      assert.equal(e.exitCode, 2);
      assert.ok(e.message.includes(missing));
      assert.match(e.hint ?? '', /local\/default/);
      return true;
    });
  });

  it('rejects a file that is not GGUF, and a broken GGUF, naming the path', async () => {
    const text = join(dir, 'notes.gguf');
    await writeFile(text, 'these are not weights\n');
    const broken = join(dir, 'broken.gguf');
    await writeFile(broken, buildGguf().bytes.subarray(0, 4000));
    for (const path of [text, broken]) {
      await assert.rejects(provider.complete(ask(path)), (e: unknown) => {
        assert.ok(e instanceof PromptyardError, String(e));
        assert.equal(e.code, 'local-model-invalid');
        assert.equal(e.exitCode, 2);
        assert.ok(e.message.includes(path), e.message);
        return true;
      });
    }
  });
});

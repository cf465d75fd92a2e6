// A tiny OpenAI-compatible server for tests: Chat Completions, plain and streamed (SSE with usage), with a
// script per request: reply text, HTTP errors, delays and resets. It records every request body.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatBody {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
}

export interface Reply {
  status?: number;
  text?: string;
  /** Streamed replies: the text in these pieces. */
  chunks?: string[];
  delayMs?: number;
  chunkDelayMs?: number;
  /** Destroy the socket after this many chunks (streamed) or before answering (plain, when 0). */
  resetAfterChunks?: number;
}

export interface FakeLlm {
  baseURL: string;
  requests: ChatBody[];
  script: (body: ChatBody) => Reply;
  close(): Promise<void>;
}

export const echoScript = (body: ChatBody): Reply => {
  const user = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return { text: `echo: ${user}` };
};

export async function startFakeLlm(): Promise<FakeLlm> {
  const sockets = new Set<Socket>();
  const fake: FakeLlm = { baseURL: '', requests: [], script: echoScript, close: async () => {} };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      void answer(JSON.parse(raw || '{}') as ChatBody, req, res);
    });
  });
  const answer = async (body: ChatBody, req: http.IncomingMessage, res: http.ServerResponse) => {
    fake.requests.push(body);
    const reply = fake.script(body);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.resetAfterChunks === 0) return req.socket.destroy();
    if (reply.status && reply.status !== 200) {
      res.writeHead(reply.status, { 'content-type': 'application/json', 'retry-after-ms': '10' });
      return res.end(JSON.stringify({ error: { message: `fake ${reply.status}`, type: 'server_error' } }));
    }
    const text = reply.text ?? reply.chunks?.join('') ?? '';
    const usage = { prompt_tokens: 10, completion_tokens: Math.max(1, Math.ceil(text.length / 4)), total_tokens: 0 };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }),
      );
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunks = reply.chunks ?? [text];
    for (let i = 0; i < chunks.length; i++) {
      if (reply.resetAfterChunks !== undefined && i === reply.resetAfterChunks) return req.socket.destroy();
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: { content: chunks[i] }, finish_reason: null }] })}\n\n`);
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    }
    res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

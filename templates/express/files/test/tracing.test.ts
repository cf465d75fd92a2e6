// OTEL_EXPORTER_OTLP_ENDPOINT: spans of the HTTP request and of the model call reach an OTLP/HTTP collector.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startFakeLlm } from './fakeLlm.js';
import { startTestService } from './helpers.js';

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, request and model-call spans are exported', async () => {
  const bodies: string[] = [];
  const collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const fake = await startFakeLlm();
  try {
    const s = await startTestService(fake.baseURL, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}` });
    assert.equal((await s.post('/v1/prompts/echo/run', { variables: { text: 'traced' } })).status, 200);
    await s.shutdown('test');
    const exported = bodies.join('\n');
    assert.match(exported, /"name":"POST \/v1\/prompts\/:id\/run"/);
    assert.match(exported, /"name":"llm\.chat"/);
    assert.match(exported, /gen_ai\.request\.model/);
    assert.match(exported, /"service\.name"/);
  } finally {
    await fake.close();
    collector.close();
  }
});

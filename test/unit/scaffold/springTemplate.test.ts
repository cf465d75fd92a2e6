// templates/spring rendered in memory by the generator: Java sources under the package path with matching
// package declarations, the shared render cases copied unchanged, options reflected in config, compose and
// the workflow, and every YAML file well-formed. (The generated project's own build and tests run in
// test/scaffold with the spring adapter.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { planScaffold } from '../../../src/core/scaffold/generate';
import { makeWorld, type World } from './helpers';

const TEMPLATES = path.resolve(__dirname, '../../../templates');

describe('templates/spring', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.cleanup());

  const plan = async (extra: { redis?: boolean; provider?: string; streaming?: boolean } = {}) => {
    const p = await planScaffold({ templatesDir: TEMPLATES, stack: 'spring', targetDir: w.target, workspaceRoot: w.workspace, prompts: ['summarize@staging', 'classify-ticket'], promptyardVersion: '9.9.9', ...extra });
    return new Map(p.files.map((f) => [f.path, f.content.toString('utf8')]));
  };

  it('puts the Java sources under the package path, each declaring that package', async () => {
    const files = await plan();
    const java = [...files.keys()].filter((f) => f.endsWith('.java'));
    assert.ok(java.length >= 25, java.join(', '));
    for (const f of java) {
      assert.match(f, /^src\/(main|test)\/java\/dev\/promptyard\/ticketbot\/[A-Za-z]+\.java$/, f);
      assert.match(files.get(f)!, /^package dev\.promptyard\.ticketbot;\n/, f);
      assert.ok(!files.get(f)!.includes('{{package}}'), f);
    }
    assert.ok(files.has('src/main/java/dev/promptyard/ticketbot/Application.java'));
    assert.ok(![...files.keys()].some((f) => f.endsWith('.hbs')));
    assert.match(files.get('src/test/java/dev/promptyard/ticketbot/RenderCasesTest.java')!, /r\.render\("Hi \{\{name\}\}", Map\.of\(\)\)/, 'escaped mustaches render literally');
  });

  it('copies the shared render cases unchanged and names the service and provider in its config', async () => {
    const files = await plan({ provider: 'anthropic' });
    assert.equal(files.get('src/test/resources/render-cases.json'), readFileSync(path.join(TEMPLATES, 'shared', 'render-cases.json'), 'utf8'));
    const app = files.get('src/main/resources/application.yaml')!;
    assert.match(app, /^ {4}name: ticket-bot$/m);
    assert.match(app, /^ {2}default-provider: anthropic$/m);
    assert.match(app, /llm-provider: \$\{LLM_PROVIDER:\$\{service\.default-provider\}\}/);
    assert.match(app, /^ {2}streaming: true$/m);
    assert.match((await plan({ streaming: false })).get('src/main/resources/application.yaml')!, /^ {2}streaming: false$/m);
    assert.match(files.get('src/main/resources/META-INF/spring.factories')!, /dev\.promptyard\.ticketbot\.ConfigFailureAnalyzer/);
    assert.match(files.get('pom.xml')!, /<artifactId>ticket-bot<\/artifactId>/);
    assert.match(files.get('.github/workflows/ci.yml')!, /tags: \$\{\{ env\.IMAGE \}\}:\$\{\{ github\.sha \}\}/);
  });

  it('adds Redis to compose and the Secret only with --redis; every YAML file parses', async () => {
    const without = await plan();
    const withRedis = await plan({ redis: true });
    assert.ok(!without.get('compose.yaml')!.includes('redis'));
    assert.match(withRedis.get('compose.yaml')!, /REDIS_URL: redis:\/\/redis:6379/);
    assert.match(withRedis.get('k8s/secret.example.yaml')!, /REDIS_URL/);
    for (const files of [without, withRedis]) {
      for (const [f, text] of files) {
        if (!/\.ya?ml$/.test(f) || f.startsWith('prompts/')) continue;
        for (const doc of parseAllDocuments(text)) assert.deepEqual(doc.errors, [], `${f}: ${doc.errors.join('; ')}`);
      }
      const dashboard = JSON.parse(files.get('grafana/dashboard.json')!);
      for (const name of ['promptyard_requests_total', 'promptyard_request_duration_seconds_bucket', 'promptyard_cost_usd_total', 'promptyard_circuit_open']) {
        assert.ok(JSON.stringify(dashboard).includes(name), name);
      }
    }
  });
});

import * as assert from 'node:assert/strict';
import { renderJunitReport } from '../../../../src/core/evals/reports/junit';
import { collectText } from '../../../../src/core/evals/reports/reportInput';
import { fixtureRun } from './fixtureRun';

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('reports: JUnit XML', () => {
  it('writes one testsuite per prompt version × model and one testcase per case, with the right counts', async () => {
    const run = fixtureRun();
    const xml = await collectText(renderJunitReport(run));
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="promptyard run-2025-05-01-abc123" tests="36" failures="5" errors="1" time="12.345">'));
    assert.equal(count(xml, /<testsuite /g), 6);
    assert.equal(count(xml, /<testcase /g), 36);
    assert.equal(count(xml, /<failure /g), 5);
    assert.equal(count(xml, /<error /g), 1);
    assert.equal(count(xml, /<skipped /g), 1);
    assert.match(xml, /<testsuite name="greet@1\.1\.0 \[openai\/gpt-4o-mini\]" tests="6" failures="0" errors="0" skipped="1" time="[0-9.]+" timestamp="2025-05-01T10:00:00" id="5" package="greet">/);
    assert.match(xml, /<error message="Rate limited by anthropic: retry later " type="rate_limit">Rate limited by anthropic: retry later \nat \/work\/project\/prompts\/greet\.prompt\.yml:25:5<\/error>/);
    assert.match(xml, /<failure message="Expected output to contain &quot;bonjour&quot; " type="icontains">✗ icontains: Expected output to contain "bonjour" \n {2}expected: bonjour \n {2}actual: {3}Hello Ada! \n✗ not-contains: Output contains "!" \nat \/work\/project\/prompts\/greet\.prompt\.yml:16:5<\/failure>/);
    assert.match(xml, /<property name="promptSha256" value="b{64}"\/>/);
    assert.match(xml, /<property name="model" value="ollama\/llama3\.2"\/>\n(?:.*\n){3}.*<property name="latencyP50Ms"/);
    assert.match(xml, /<property name="costUsd" value="0\.000000"\/>/);
    assert.match(xml, /<testcase name="case-4" classname="greet@1\.0\.0 \[openai\/gpt-4o-mini\]" time="0\.000"\/>/, 'a cached case took no time');
    assert.equal(count(xml, /<\/testsuite>/g), 6);
    assert.ok(xml.endsWith('</testsuites>\n'));
  });

  it('is the same document whatever order the cases finished in', async () => {
    const run = fixtureRun();
    const a = await collectText(renderJunitReport(run));
    const b = await collectText(renderJunitReport({ ...run, records: [...run.records].reverse() }));
    assert.equal(a, b);
  });

  it('escapes every hostile string and leaves no character XML 1.0 forbids', async () => {
    const run = fixtureRun({ hostile: { port: 1 } });
    const xml = await collectText(renderJunitReport(run));
    assert.ok(!XML_FORBIDDEN.test(xml), 'no forbidden character');
    for (const raw of ['<script', '<img', '<iframe', '<svg', '<style', '<link', '<meta', '<base', '<a href', '</script>']) {
      assert.ok(!xml.includes(raw), `raw ${raw}`);
    }
    assert.match(xml, /\\u0000\\u0007\\u001B\[31mred\\u001B\[0m\\u000B\\uD800 tail/);
    for (const attrs of xml.match(/<[a-z-]+ [^>]*>/g) ?? []) {
      assert.ok(!/[<\n]/.test(attrs.slice(1)), `attribute text must be escaped: ${attrs}`);
    }
  });

  it('names each repeat so case names stay unique within a suite', async () => {
    const run = fixtureRun({ repeats: 2 });
    const xml = await collectText(renderJunitReport(run));
    const names = [...xml.matchAll(/<testcase name="([^"]+)" classname="([^"]+)"/g)].map((m) => `${m[2]}/${m[1]}`);
    assert.equal(names.length, 72);
    assert.equal(new Set(names).size, 72);
    assert.ok(names.includes('greet@1.0.0 [openai/gpt-4o-mini]/case-4 #2'));
  });
});

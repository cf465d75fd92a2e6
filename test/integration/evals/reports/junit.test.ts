// The JUnit report against a JUnit XML schema (xmllint) and a golden file.
// Refresh the golden file after an intended change: UPDATE_GOLDEN=1 npx mocha … this file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderJunitReport } from '../../../../src/core/evals/reports/junit';
import { collectText } from '../../../../src/core/evals/reports/reportInput';
import { fixtureRun } from '../../../unit/evals/reports/fixtureRun';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/junit');
const XSD = path.join(FIXTURES, 'junit.xsd');
const GOLDEN = path.join(FIXTURES, 'golden.xml');

function xmllint(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('xmllint', args, { encoding: 'utf8' });
  if (result.error) {
    throw new Error(`xmllint could not run (${result.error.message}): install it with \`sudo apt-get install -y libxml2-utils\` (scripts/test.sh does).`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('reports: JUnit XML against the schema (xmllint)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-junit-'));
    xmllint(['--version']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function validate(xml: string, name: string): { status: number | null; output: string } {
    const file = path.join(dir, name);
    writeFileSync(file, xml);
    return xmllint(['--noout', '--schema', XSD, file]);
  }

  it('the schema itself is well-formed XML Schema', () => {
    const result = xmllint(['--noout', XSD]);
    assert.equal(result.status, 0, result.output);
  });

  it('accepts the report of a run with passes, failures, errors, a skipped case and repeats', async () => {
    for (const [name, run] of [['plain.xml', fixtureRun()], ['repeats.xml', fixtureRun({ repeats: 3 })]] as const) {
      const result = validate(await collectText(renderJunitReport(run)), name);
      assert.equal(result.status, 0, result.output);
      assert.match(result.output, /validates/);
    }
  });

  it('accepts the report when every string holds hostile text, control characters and lone surrogates', async () => {
    const run = fixtureRun({ hostile: { port: 1 } });
    const result = validate(await collectText(renderJunitReport(run)), 'hostile.xml');
    assert.equal(result.status, 0, result.output);
  });

  it('accepts an empty run', async () => {
    const run = fixtureRun();
    const result = validate(await collectText(renderJunitReport({ ...run, records: [] })), 'empty.xml');
    assert.equal(result.status, 0, result.output);
  });

  it('rejects what breaks the schema, so the checks above can fail', async () => {
    const xml = await collectText(renderJunitReport(fixtureRun()));
    const broken: [string, string][] = [
      ['no-name.xml', xml.replace('<testcase name="case-3" ', '<testcase ')],
      ['bad-count.xml', xml.replace('tests="36"', 'tests="thirty-six"')],
      ['two-outcomes.xml', xml.replace('<failure ', '<error message="x" type="y">x</error><failure ')],
      ['stray-attribute.xml', xml.replace('<testcase name="case-3" ', '<testcase file="x" name="case-3" ')],
      ['control-char.xml', xml.replace('case-3', 'case\u0001-3')],
    ];
    for (const [name, doc] of broken) {
      assert.notEqual(doc, xml, `${name} changed the document`);
      const result = validate(doc, name);
      assert.notEqual(result.status, 0, `${name} should fail: ${result.output}`);
    }
  });

  it('matches the golden file for the fixed fixture run', async () => {
    const xml = await collectText(renderJunitReport(fixtureRun()));
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, xml);
    const golden = readFileSync(GOLDEN, 'utf8');
    assert.equal(xml, golden, 'the JUnit report changed: check the diff, then UPDATE_GOLDEN=1 to accept it');
  });
});

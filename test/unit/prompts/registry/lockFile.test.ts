import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jsonSyntaxError, locatePointer } from '../../../../src/core/prompts/registry/jsonLocate';
import { serializeLock, type LockFile } from '../../../../src/core/prompts/registry/lockFile';
import { lockTextProblem } from '../../../../src/core/prompts/registry/lockRead';
import { LOCK_SCHEMA } from '../../../../src/core/prompts/registry/lockSchema';

const SHA = 'a'.repeat(64);
const REL = 'prompts/prompts.lock.json';

function sample(): LockFile {
  return {
    lockfileVersion: 1,
    prompts: {
      zeta: { file: 'prompts/zeta.prompt.yml', versions: { '1.0.0': { sha256: SHA, createdAt: '2025-01-01T00:00:00.000Z', message: '' } }, labels: {} },
      alpha: {
        file: 'prompts/alpha.prompt.yml',
        labels: { staging: '1.10.0', production: '1.2.0' },
        versions: {
          '1.10.0': { sha256: SHA, message: 'b', createdAt: '2025-01-02T00:00:00.000Z', author: 'x' },
          '1.2.0': { sha256: SHA, message: 'a', createdAt: '2025-01-01T00:00:00.000Z' },
        },
        history: { production: [{ to: '1.2.0', from: null, by: 'x', at: '2025-01-01T00:00:00.000Z', action: 'label' }] },
      },
    },
  };
}

describe('registry lock file', () => {
  it('serializes with sorted keys, versions in semver order, and a final newline', () => {
    const text = serializeLock(sample());
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.indexOf('"alpha"') < text.indexOf('"zeta"'));
    assert.ok(text.indexOf('"1.2.0": {') < text.indexOf('"1.10.0": {'), 'semver order, not string order');
    assert.ok(text.indexOf('"production": "1.2.0"') < text.indexOf('"staging": "1.10.0"'));
    const alpha = text.slice(text.indexOf('"alpha"'));
    assert.deepEqual(['"file"', '"history"', '"labels"', '"versions"'].map((k) => alpha.indexOf(k)).sort((a, b) => a - b), ['"file"', '"history"', '"labels"', '"versions"'].map((k) => alpha.indexOf(k)));
    assert.equal(serializeLock(JSON.parse(text) as LockFile), text, 'stable');
    assert.equal(lockTextProblem(text, REL), undefined, 'valid against the schema');
  });

  it('schemas/prompts-lock.schema.json is the schema the code validates with', () => {
    const file = JSON.parse(readFileSync(path.join(__dirname, '../../../../schemas/prompts-lock.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(file, JSON.parse(JSON.stringify(LOCK_SCHEMA)));
  });

  it('invalid JSON: the problem names the file, the line and column, and how to repair it', () => {
    const text = serializeLock(sample()).replace('"labels": {\n        "production"', '"labels": {\n        production');
    const problem = lockTextProblem(text, REL);
    assert.ok(problem);
    assert.equal(problem.code, 'lock-invalid-json');
    assert.equal(problem.file, REL);
    const line = text.split('\n').findIndex((l) => l.trim().startsWith('production')) + 1;
    assert.equal(problem.line, line);
    assert.equal(problem.column, 9);
    assert.match(problem.hint, /git checkout -- prompts\/prompts\.lock\.json/);
  });

  it('a schema mismatch points at the offending value or key', () => {
    const bad = serializeLock(sample()).replace(`"sha256": "${SHA}"`, '"sha256": "not-a-hash"');
    const problem = lockTextProblem(bad, REL);
    assert.equal(problem?.code, 'lock-schema');
    assert.match(problem!.message, /\/prompts\/alpha\/versions\/1\.2\.0\/sha256 has an invalid value/);
    assert.equal(problem!.line, bad.split('\n').findIndex((l) => l.includes('not-a-hash')) + 1);
    const unknownKey = lockTextProblem(serializeLock(sample()).replace('"file": "prompts/zeta.prompt.yml"', '"file": "prompts/zeta.prompt.yml", "colour": 1'), REL);
    assert.match(unknownKey!.message, /unknown key "colour"/);
    const badId = lockTextProblem(JSON.stringify({ lockfileVersion: 1, prompts: { '../x': sample().prompts.zeta } }, null, 2), REL);
    assert.match(badId!.message, /"\.\.\/x" in \/prompts is not a valid prompt id/);
    assert.equal(badId!.line, 4);
  });

  it('a newer lockfileVersion asks to upgrade', () => {
    const problem = lockTextProblem('{"lockfileVersion": 2, "prompts": {}}', REL);
    assert.equal(problem?.code, 'lock-version');
    assert.match(problem!.hint, /Upgrade promptyard/);
  });

  it('the JSON scanner locates syntax errors and pointers itself', () => {
    assert.deepEqual(jsonSyntaxError('{\n  "a": 1,\n}'), { offset: 10, line: 2, column: 9, message: 'a trailing comma before "}" is not allowed in JSON' });
    assert.equal(jsonSyntaxError('{"a": [1, 2]}'), undefined);
    assert.match(jsonSyntaxError('{"a": ')!.message, /ends too early/);
    assert.deepEqual(locatePointer('{\n  "a": {"b/c": [10, 20]}\n}', '/a/b~1c/1'), { offset: 22, line: 2, column: 21 });
    assert.deepEqual(locatePointer('{\n  "a": 1\n}', '/a', true), { offset: 4, line: 2, column: 3 });
  });
});

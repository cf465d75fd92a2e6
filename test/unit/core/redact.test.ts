import * as assert from 'node:assert/strict';
import { looksLikeSecret, redact, registerSecret } from '../../../src/core/redact';

describe('redact', () => {
  it('removes key-shaped strings of the common providers', () => {
    const text = 'openai sk-proj-abcdefghijklmnopqrstuv anthropic sk-ant-api03-abcdefghijkl header Bearer abcdefghijklmnopqrstuvwxyz';
    const out = redact(text);
    assert.doesNotMatch(out, /sk-proj-abc|sk-ant-api03|abcdefghijklmnopqrstuvwxyz/);
    assert.equal(out.match(/\[REDACTED\]/g)?.length, 3);
  });

  it('removes registered secrets of any shape, and leaves ordinary text alone', () => {
    registerSecret('plain-looking-secret-42');
    assert.equal(redact('key=plain-looking-secret-42;'), 'key=[REDACTED];');
    assert.equal(redact('a sketch of skills'), 'a sketch of skills');
  });

  it('spots pasted keys', () => {
    assert.equal(looksLikeSecret('my key is sk-ant-api03-abcdefghijkl'), true);
    assert.equal(looksLikeSecret('summarize {{text}}'), false);
    assert.equal(looksLikeSecret('summarize {{text}}'), false, 'stateless across calls');
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { contentSha256 } from '../../../../src/core/prompts/registry/hash';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('registry content hash', () => {
  it('is the sha256 of the text with CRLF turned into LF', () => {
    assert.equal(contentSha256('a: 1\nb: 2\n'), sha('a: 1\nb: 2\n'));
    assert.equal(contentSha256('a: 1\r\nb: 2\r\n'), sha('a: 1\nb: 2\n'));
    assert.equal(contentSha256(Buffer.from('a: 1\r\nb: 2\r\n')), sha('a: 1\nb: 2\n'));
  });

  it('keeps a lone CR and every other byte', () => {
    assert.equal(contentSha256('a\rb\r\r\n'), sha('a\rb\r\n'));
    assert.notEqual(contentSha256('a\n'), contentSha256('a'));
    assert.equal(contentSha256('é\r\n'), sha('é\n'));
  });

  it('gives the same hash for a string and its UTF-8 bytes, with any line endings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\r\n', '\n', '\r')), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        assert.equal(contentSha256(Buffer.from(text, 'utf8')), contentSha256(text));
        assert.equal(contentSha256(text), sha(text.replace(/\r\n/g, '\n')));
      }),
    );
  });
});

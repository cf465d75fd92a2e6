import * as assert from 'node:assert/strict';
import { escapeHtml, escapeXmlAttr, escapeXmlText, xmlSafeChars } from '../../../../src/core/evals/reports/escape';
import { formatCount, formatDate, formatMs, formatPercent, formatUsd } from '../../../../src/core/evals/reports/format';

describe('reports: escaping', () => {
  it('escapes markup in XML text and attributes', () => {
    assert.equal(escapeXmlText('a < b && c > "d"'), 'a &lt; b &amp;&amp; c &gt; "d"');
    assert.equal(escapeXmlAttr(`"it's" <x>`), '&quot;it&apos;s&quot; &lt;x&gt;');
    assert.equal(escapeXmlAttr('line 1\nline 2\r\tend'), 'line 1&#10;line 2&#13;&#9;end', 'attribute normalisation would lose them');
  });

  it('replaces every character XML 1.0 forbids, and the C1 controls, with a visible escape', () => {
    const forbidden = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\ufffe', '\uffff', '\ud800', '\udfff'];
    for (const char of forbidden) {
      const out = xmlSafeChars(`a${char}b`);
      assert.equal(out, `a\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}b`);
    }
    assert.equal(xmlSafeChars('tab\tlf\ncr\r'), 'tab\tlf\ncr\r', 'whitespace stays');
    assert.equal(xmlSafeChars('emoji 😀 and é 中'), 'emoji 😀 and é 中', 'valid surrogate pairs stay');
    assert.equal(xmlSafeChars('\ud83d'), '\\uD83D', 'a lone high surrogate');
    assert.equal(xmlSafeChars('x\ude00'), 'x\\uDE00', 'a lone low surrogate');
  });

  it('escapes HTML so nothing can open a tag, close an attribute or start an entity', () => {
    const out = escapeHtml(`<img src=x onerror='a("b")'>&amp;`);
    assert.equal(out, '&lt;img src=x onerror=&#39;a(&quot;b&quot;)&#39;&gt;&amp;amp;');
    assert.ok(!/[<>"']/.test(out));
  });
});

describe('reports: number formats', () => {
  it('formats percentages without rounding a miss to 100% or a hit to 0%', () => {
    assert.deepEqual([1, 0, 0.925, 0.99999, 0.00001].map(formatPercent), ['100%', '0%', '92.5%', '99.9%', '0.1%']);
  });
  it('formats durations, dollars, counts and dates', () => {
    assert.deepEqual([0.42, 812.4, 1934, 12_345, 125_000, undefined].map(formatMs), ['0.4ms', '812ms', '1.93s', '12.3s', '2m05s', '–']);
    assert.deepEqual([0, 9.3e-5, 0.00421, 0.42101, 12.4, 1e-9].map(formatUsd), ['$0', '$0.000093', '$0.0042', '$0.4210', '$12.40', '<$0.000001']);
    assert.deepEqual([950, 1234, 12_345, 4_560_000].map(formatCount), ['950', '1.23k', '12.3k', '4.56M']);
    assert.equal(formatDate('2025-03-04T09:05:59.123Z'), '2025-03-04 09:05 UTC');
    assert.equal(formatDate('not a date'), 'not a date');
  });
});

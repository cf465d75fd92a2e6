// The playground page's Content Security Policy: a fresh nonce per render, nothing remote, no eval.
import assert from 'node:assert/strict';
import { playgroundHtml } from '../../../src/extension/playground/html';

const options = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js', title: 'Playground' };

function csp(html: string): Map<string, string> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta tag');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+(.*)/s) as [string, string]));
}

describe('extension playground html', () => {
  it('uses a fresh nonce on every render, on the script tag and in script-src', () => {
    const a = playgroundHtml(options);
    const b = playgroundHtml(options);
    const nonceA = /<script nonce="([^"]+)"/.exec(a)?.[1];
    const nonceB = /<script nonce="([^"]+)"/.exec(b)?.[1];
    assert.ok(nonceA && nonceB && nonceA.length >= 16);
    assert.notEqual(nonceA, nonceB);
    assert.equal(csp(a).get('script-src'), `'nonce-${nonceA}'`);
  });

  it('allows nothing by default, no eval or inline code, and images only from the extension or data:', () => {
    const policy = csp(playgroundHtml(options));
    assert.equal(policy.get('default-src'), "'none'");
    const all = [...policy.values()].join(' ');
    assert.doesNotMatch(all, /unsafe-eval|unsafe-inline|\*/);
    assert.equal(policy.get('img-src'), `${options.cspSource} data:`);
    assert.doesNotMatch(policy.get('img-src')!, /(^|\s)https:(\s|$)/);
    assert.equal(policy.has('connect-src'), false, 'no fetch from the webview');
  });

  it('escapes what it puts into attributes and the title', () => {
    const html = playgroundHtml({ ...options, title: '<script>x</script>', scriptUri: 'https://x/"><script>' });
    assert.doesNotMatch(html, /<script>x<\/script>/);
    assert.doesNotMatch(html, /"><script>/);
  });
});

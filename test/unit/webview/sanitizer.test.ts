// Model output is untrusted: hostile Markdown and HTML rendered into a live document leave no element or
// attribute that could load or run anything, links keep only http(s)/mailto with rel=noopener noreferrer,
// images show as text, and the document asks for no resource at all.
import assert from 'node:assert/strict';
import type { TestElement, TestWindow } from './support/domTypes';
import { bundle, newDom, RecordingLoader } from './support/webviewDom';

interface MarkdownModule {
  renderMarkdown(text: string): unknown;
  guardLinkClicks(root: unknown): void;
}

const PAYLOADS: Record<string, string> = {
  'markdown image': '![tracker](https://evil.test/pixel.png)',
  'markdown image with javascript:': '![x](javascript:alert(1))',
  'reference image': '![ref][img]\n\n[img]: https://evil.test/ref.png',
  'img tag': '<img src="https://evil.test/a.png" onerror="window.__pwned=1">',
  'img srcset': '<img srcset="https://evil.test/1x.png 1x">',
  'svg image href': '<svg><image href="https://evil.test/b.png"/></svg>',
  'svg use xlink': '<svg><use xlink:href="https://evil.test/c.svg#x"/></svg>',
  'svg link to javascript:': '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  'reference link to javascript:': '[click][1]\n\n[1]: javascript:alert(1)',
  'reference link to command:': '[run][2]\n\n[2]: command:workbench.action.terminal.new',
  'reference link to data:': '[data][3]\n\n[3]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'inline link to command:': '[settings](command:workbench.action.openSettings)',
  'a href command:': '<a href="command:workbench.action.openSettings">settings</a>',
  'a href encoded javascript:': '<a href="jav&#x61;script:alert(1)">enc</a>',
  'a href spaced JAVASCRIPT:': '<a href=" JAVASCRIPT:alert(1)">spaced</a>',
  'a href vbscript:': '<a href="vbscript:msgbox(1)">vb</a>',
  'a href relative': '<a href="../../etc/passwd">rel</a>',
  iframe: '<iframe src="https://evil.test/frame"></iframe>',
  'iframe srcdoc': '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  style: '<style>@import url(https://evil.test/s.css); body{background:url(https://evil.test/bg)}</style>',
  'style attribute': '<p style="background:url(https://evil.test/p)">styled</p>',
  'on* attributes': '<div onclick="window.__pwned=1" onmouseover="x()" ONLOAD="y()">hover</div>',
  'details ontoggle': '<details open ontoggle="window.__pwned=1"><summary>s</summary>d</details>',
  'object and embed': '<object data="https://evil.test/o"></object><embed src="https://evil.test/e">',
  form: '<form action="https://evil.test/f"><input name=q><button formaction="https://evil.test/g">go</button></form>',
  'input image': '<input type="image" src="https://evil.test/i.png">',
  'link and meta': '<link rel="stylesheet" href="https://evil.test/l.css"><meta http-equiv="refresh" content="0;url=https://evil.test">',
  base: '<base href="https://evil.test/">',
  media: '<video src="https://evil.test/v.mp4" poster="https://evil.test/p.png"></video><audio><source src="https://evil.test/a.mp3"></audio>',
  'table background': '<table background="https://evil.test/t"><tr><td>x</td></tr></table>',
  script: '<script src="https://evil.test/s.js"></script><script>window.__pwned=1</script>',
  'mXSS math/style': '<math><mtext><table><mglyph><style><img src=https://evil.test/m.png onerror=alert(1)>',
  noscript: '<noscript><p title="</noscript><img src=https://evil.test/n.png>">',
  template: '<template><img src="https://evil.test/t.png"></template>',
  'target blank': '<a href="https://ok.test/t" target="_blank">t</a>',
};

const FORBIDDEN_TAGS = new Set(['IMG', 'SVG', 'IMAGE', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'STYLE', 'SCRIPT', 'LINK', 'META', 'BASE', 'MATH', 'VIDEO', 'AUDIO', 'SOURCE', 'INPUT', 'BUTTON', 'TEMPLATE', 'NOSCRIPT', 'USE', 'FRAME', 'PICTURE']);
const LOADING_ATTRS = ['src', 'srcset', 'srcdoc', 'style', 'action', 'formaction', 'background', 'poster', 'data', 'xlink:href', 'ping', 'target', 'http-equiv'];

describe('webview Markdown sanitizer', () => {
  let win: TestWindow;
  let md: MarkdownModule;
  let loader: RecordingLoader;

  before(async () => {
    loader = new RecordingLoader();
    win = newDom(loader);
    win.eval(await bundle('webview-ui/src/output/markdown.ts', '__md'));
    md = win.__md as MarkdownModule;
  });

  function render(text: string): TestElement {
    const host = win.document.createElement('div');
    host.append(md.renderMarkdown(text));
    win.document.body.append(host);
    return host;
  }

  function offences(root: TestElement): string[] {
    const found: string[] = [];
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const tag = el.tagName.toUpperCase();
      if (FORBIDDEN_TAGS.has(tag)) found.push(`<${el.tagName}>`);
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on') || LOADING_ATTRS.includes(name)) found.push(`${tag}[${name}]`);
        if (name === 'href' && !/^(https?:|mailto:)/i.test(attr.value)) found.push(`${tag}[href=${attr.value}]`);
      }
      if (tag === 'A' && el.hasAttribute('href') && el.getAttribute('rel') !== 'noopener noreferrer') found.push(`A without rel: ${el.getAttribute('href')}`);
    }
    return found;
  }

  for (const [name, payload] of Object.entries(PAYLOADS)) {
    it(`neutralises ${name}`, () => {
      assert.deepEqual(offences(render(payload)), []);
    });
  }

  it('asked the document for no resource and ran nothing', () => {
    render(Object.values(PAYLOADS).join('\n\n'));
    assert.deepEqual(loader.requests, []);
    assert.equal(win.__pwned, undefined);
  });

  it('shows a Markdown image as its alt text, as a link never loaded', () => {
    const host = render('![a tracking pixel](https://evil.test/pixel.png) and ![local](file:///etc/passwd)');
    assert.match(host.textContent ?? '', /\[image: a tracking pixel\].*\[image: local\]/);
    const links = Array.from(host.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    assert.deepEqual(links, ['https://evil.test/pixel.png'], 'an http image becomes a link; a file: one plain text');
  });

  it('keeps safe Markdown: http(s) and mailto links, code, tables, emphasis', () => {
    const host = render('**bold** [site](https://ok.test "t") <https://auto.test/x> [mail](mailto:a@b.test)\n\n```js\nlet x = "<img src=x>";\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    assert.ok(host.querySelector('strong'));
    assert.deepEqual(
      Array.from(host.querySelectorAll('a')).map((a) => [a.getAttribute('href'), a.getAttribute('rel')]),
      [
        ['https://ok.test', 'noopener noreferrer'],
        ['https://auto.test/x', 'noopener noreferrer'],
        ['mailto:a@b.test', 'noopener noreferrer'],
      ],
    );
    assert.equal(host.querySelector('pre code')?.textContent, 'let x = "<img src=x>";\n');
    assert.equal(host.querySelectorAll('td').length, 2);
  });

  it('stops a click on a link from navigating, and stops unsafe ones before VS Code sees them', () => {
    const host = render('[safe](https://ok.test) <a>no href</a>');
    md.guardLinkClicks(host);
    const reachedWindow: string[] = [];
    win.addEventListener('click', () => reachedWindow.push('click'));
    const safe = host.querySelector('a[href]')!;
    const safeClick = new win.MouseEvent('click', { bubbles: true, cancelable: true });
    safe.dispatchEvent(safeClick);
    assert.equal(safeClick.defaultPrevented, true, 'the webview itself never navigates');
    assert.deepEqual(reachedWindow, ['click'], 'a safe link reaches VS Code’s handler, which opens it outside');
    const bare = host.querySelector('a:not([href])')!;
    bare.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true }));
    assert.deepEqual(reachedWindow, ['click'], 'a link without a safe href goes no further');
    assert.equal(win.location instanceof Object && (win.location as { href: string }).href, 'https://webview.test/index.html');
  });
});

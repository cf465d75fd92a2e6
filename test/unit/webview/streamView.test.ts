// Streamed Markdown in the DOM: finished blocks are rendered once and kept (never re-parsed per frame),
// only the tail re-renders, code fences are not cut, and the settled view equals a full render.
import assert from 'node:assert/strict';
import type { TestElement, TestWindow } from './support/domTypes';
import { bundle, newDom, RecordingLoader } from './support/webviewDom';

interface View {
  element: TestElement;
  append(chunk: string, full: string): void;
  finish(text: string): void;
  setMode(mode: 'markdown' | 'plain', settled: boolean): void;
}

interface Module {
  StreamView: new (doc: unknown, mode: 'markdown' | 'plain') => View;
}

describe('webview streamed Markdown view', () => {
  let win: TestWindow;
  let mod: Module;
  let md: { renderMarkdown(text: string): unknown };

  before(async () => {
    win = newDom(new RecordingLoader());
    win.eval(await bundle('webview-ui/src/output/streamView.ts', '__sv'));
    win.eval(await bundle('webview-ui/src/output/markdown.ts', '__md'));
    mod = win.__sv as Module;
    md = win.__md as { renderMarkdown(text: string): unknown };
  });

  function stream(view: View, chunks: string[], before = ''): string {
    let full = before;
    for (const chunk of chunks) {
      full += chunk;
      view.append(chunk, full);
    }
    return full;
  }

  it('keeps finished blocks as they are and re-renders only the tail', () => {
    const view = new mod.StreamView(win.document, 'markdown');
    const sofar = stream(view, ['Para one.\n', '\n', 'Para two is being wri']);
    const first = view.element.querySelector('p')!;
    assert.equal(first.textContent, 'Para one.');
    stream(view, ['tten.\n\n', 'Para three.'], sofar);
    assert.equal(view.element.querySelector('p'), first, 'the first paragraph is the same node: it was not rendered again');
    assert.deepEqual(
      Array.from(view.element.querySelectorAll('p')).map((p) => p.textContent),
      ['Para one.', 'Para two is being written.', 'Para three.'],
    );
  });

  it('does not cut a code fence at its blank lines, and settles to a full render', () => {
    const view = new mod.StreamView(win.document, 'markdown');
    const text = 'Intro with a [ref link][r].\n\n```python\ndef f():\n\n    return 1\n```\n\n- item one\n\n- item two\n\n[r]: https://ok.test/r\n';
    const chunks = text.match(/[\s\S]{1,3}/g)!;
    let full = '';
    for (const chunk of chunks) {
      full += chunk;
      view.append(chunk, full);
      assert.ok(view.element.querySelectorAll('pre').length <= 1, `one code block at most, after ${JSON.stringify(full)}`);
    }
    view.finish(text);
    const reference = win.document.createElement('div');
    reference.append(md.renderMarkdown(text));
    assert.equal(view.element.querySelector('.md')!.innerHTML, reference.innerHTML);
    assert.equal(view.element.querySelector('a')?.getAttribute('href'), 'https://ok.test/r', 'the reference link resolves once the answer settles');
  });

  it('shows plain text in Raw mode, appended as it streams', () => {
    const view = new mod.StreamView(win.document, 'plain');
    const full = stream(view, ['# Not ', 'a heading', '\n<b>nor bold</b>']);
    assert.equal(view.element.querySelector('pre')?.textContent, full);
    assert.equal(view.element.querySelectorAll('h1, b').length, 0);
    view.setMode('markdown', true);
    assert.equal(view.element.querySelector('h1')?.textContent, 'Not a heading');
  });
});

// One answer's output, updated imperatively once per frame (never through the component tree).
// Markdown streams block by block: text up to the last blank line outside a code fence is rendered once
// and kept; only the tail after it is re-rendered each frame. When the answer settles, the whole text is
// rendered once more, so what depends on later text (reference links, loose lists) comes out right.
// Plain mode (Raw, or JSON answers) appends to a text node.
import type { StreamSink } from '../stream/deltaBatcher';
import { safeBoundary } from './blocks';
import { guardLinkClicks, renderMarkdown } from './markdown';

export type OutputMode = 'markdown' | 'plain';

const KICK_MS = 250;

export class StreamView implements StreamSink {
  readonly element: HTMLElement;
  private text = '';
  private mode: OutputMode;
  private committedUpTo = 0;
  private committed!: HTMLElement;
  private tail!: HTMLElement;
  private plain?: Text;
  /** Follow the stream while the reader is at the bottom. */
  private follow = true;
  private lastKick = -Infinity;

  constructor(
    private readonly doc: Document,
    mode: OutputMode,
  ) {
    this.mode = mode;
    this.element = doc.createElement('div');
    this.element.className = 'output-body';
    guardLinkClicks(this.element);
    // Scroll events come before the frame's writes, when reading the layout costs nothing.
    this.element.addEventListener('scroll', () => (this.follow = this.atBottom()), { passive: true });
    this.rebuild(false);
  }

  setMode(mode: OutputMode, settled: boolean): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.rebuild(settled);
  }

  /** Shows `text` as it stands (a restored or settled column, or a remount mid-stream). */
  reset(text: string, settled: boolean): void {
    this.text = text;
    this.rebuild(settled);
  }

  append(chunk: string, full: string): void {
    this.text = full;
    if (this.mode === 'plain') this.plain!.appendData(chunk);
    else this.renderTail();
  }

  finish(text: string): void {
    this.text = text;
    this.rebuild(true);
    this.lastKick = -Infinity;
  }

  /**
   * Keeps a following reader at the bottom. CSS scroll anchoring (the `.scroll-anchor` element) does it
   * frame by frame without reading the layout; it only needs the scroll position off the top, so a few
   * times a second, not every frame, the position is set here.
   */
  afterWrites(): void {
    if (!this.follow) return;
    const now = performance.now();
    if (now - this.lastKick < KICK_MS) return;
    this.lastKick = now;
    const el = this.element;
    if (el.scrollHeight - el.scrollTop - el.clientHeight > 4) el.scrollTop = el.scrollHeight;
  }

  private atBottom(): boolean {
    const el = this.element;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  }

  /** Scroll anchoring (CSS) keeps a reader at the bottom following the stream, with no layout read. */
  private anchor(): HTMLElement {
    const a = this.doc.createElement('div');
    a.className = 'scroll-anchor';
    return a;
  }

  private rebuild(settled: boolean): void {
    this.committedUpTo = 0;
    this.plain = undefined;
    if (this.mode === 'plain') {
      const pre = this.doc.createElement('pre');
      pre.className = 'output-plain';
      this.plain = this.doc.createTextNode(this.text);
      pre.append(this.plain);
      this.element.replaceChildren(pre, this.anchor());
      return;
    }
    this.committed = this.doc.createElement('div');
    this.tail = this.doc.createElement('div');
    this.committed.className = 'md';
    this.tail.className = 'md';
    this.element.replaceChildren(this.committed, this.tail, this.anchor());
    if (settled) {
      this.committed.append(renderMarkdown(this.text));
      this.committedUpTo = this.text.length;
    } else {
      this.renderTail();
    }
  }

  private renderTail(): void {
    const boundary = safeBoundary(this.text, this.committedUpTo);
    if (boundary > this.committedUpTo) {
      this.committed.append(renderMarkdown(this.text.slice(this.committedUpTo, boundary)));
      this.committedUpTo = boundary;
    }
    this.tail.replaceChildren(renderMarkdown(this.text.slice(this.committedUpTo)));
  }
}

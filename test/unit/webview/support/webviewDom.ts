// The real webview bundle (built with esbuild like scripts/build.mjs) running in jsdom, with a fake
// `acquireVsCodeApi` as its host: what the UI posts is recorded, replies and notifications are
// dispatched as `message` events, animation frames run when the test says so, and every resource the
// page tries to load is recorded.
import path from 'node:path';
import * as esbuild from 'esbuild';
import { JSDOM, requestInterceptor } from 'jsdom';
import type { NotificationMap, NotificationMethod, RequestMethod, RequestParams, RequestResult, WebviewToHost } from '../../../../src/shared/protocol';
import type { PerfSnapshot } from '../../../../webview-ui/src/stream/perfStats';
import type { TestElement, TestWindow } from './domTypes';
import { settle } from './fakeHost';
import { initOf, MODELS } from './fixtures';

const ROOT = path.resolve(__dirname, '../../../..');
const bundles = new Map<string, Promise<string>>();

/** Bundles a webview entry as an IIFE (cached per test run); `globalName` exposes its exports. */
export function bundle(entry: string, globalName?: string): Promise<string> {
  const key = `${entry}#${globalName ?? ''}`;
  let code = bundles.get(key);
  if (!code) {
    code = esbuild
      .build({
        entryPoints: [path.join(ROOT, entry)],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: ['chrome120'],
        jsx: 'automatic',
        jsxImportSource: 'preact',
        globalName,
        logLevel: 'silent',
      })
      // The bundle is strict code: its top-level `var` would stay inside the eval.
      .then((r) => r.outputFiles[0]!.text + (globalName ? `\nglobalThis.${globalName} = ${globalName};\n` : ''));
    bundles.set(key, code);
  }
  return code;
}

/** Records (and answers 404 to, so nothing leaves the machine) every subresource the document asks for. */
export class RecordingLoader {
  readonly requests: string[] = [];
  readonly interceptor = requestInterceptor((request) => {
    this.requests.push(request.url);
    return new Response('', { status: 404 });
  });
}

export function newDom(loader: RecordingLoader): TestWindow {
  const dom = new JSDOM('<!DOCTYPE html><html><body><div id="root"></div></body></html>', {
    url: 'https://webview.test/index.html',
    runScripts: 'outside-only',
    pretendToBeVisual: true,
    resources: { interceptors: [loader.interceptor] },
  });
  return dom.window;
}

type Responder<M extends RequestMethod> = (params: RequestParams<M>) => RequestResult<M> | Error;
type AnyResponder = (params: unknown) => unknown;

export class WebviewPage {
  readonly posted: WebviewToHost[] = [];
  readonly loader = new RecordingLoader();
  readonly window: TestWindow;
  saved: unknown;
  private readonly frameQueue: Array<(time: number) => void> = [];
  private readonly responders = new Map<RequestMethod, AnyResponder>();

  constructor(saved?: unknown) {
    this.saved = saved;
    this.window = newDom(this.loader);
    const w = this.window;
    const clone = <T>(value: T): T => (value === undefined ? value : (w.JSON.parse(JSON.stringify(value)) as T));
    w.acquireVsCodeApi = () => ({
      postMessage: (message: WebviewToHost) => this.onPost(JSON.parse(JSON.stringify(message)) as WebviewToHost),
      getState: () => clone(this.saved),
      setState: (state: unknown) => (this.saved = JSON.parse(JSON.stringify(state))),
    });
    w.requestAnimationFrame = (callback) => this.frameQueue.push(callback);
  }

  async load(): Promise<this> {
    this.window.eval(await bundle('webview-ui/src/main.ts'));
    await settle();
    return this;
  }

  /** Loads the bundle and plays the host's part of the start: init, then the model list. */
  async open(init: Partial<NotificationMap['init']> = {}): Promise<this> {
    this.respond('models/list', () => MODELS);
    await this.load();
    this.notify('init', initOf(init));
    await settle();
    return this;
  }

  respond<M extends RequestMethod>(method: M, responder: Responder<M>): void {
    this.responders.set(method, responder as unknown as AnyResponder);
  }

  notify<N extends NotificationMethod>(method: N, params: NotificationMap[N]): void {
    this.deliver({ kind: 'notification', method, params });
  }

  requests<M extends RequestMethod>(method: M): Array<RequestParams<M>> {
    return this.posted.filter((m) => m.kind === 'request' && m.method === method).map((m) => (m as { params: RequestParams<M> }).params);
  }

  /** Runs the animation frames requested so far; returns how many callbacks ran. */
  frame(): number {
    const queue = this.frameQueue.splice(0);
    for (const callback of queue) callback(0);
    return queue.length;
  }

  get pendingFrames(): number {
    return this.frameQueue.length;
  }

  perf(): PerfSnapshot {
    return (this.window.__promptyardPerf as { snapshot(): PerfSnapshot }).snapshot();
  }

  get(testid: string, within?: TestElement): TestElement {
    const el = (within ?? this.window.document.body).querySelector(`[data-testid="${testid}"]`);
    if (!el) throw new Error(`no element with data-testid="${testid}"`);
    return el;
  }

  all(testid: string, within?: TestElement): TestElement[] {
    return Array.from((within ?? this.window.document.body).querySelectorAll(`[data-testid="${testid}"]`));
  }

  /** Replaces the value as typing would, and fires `input`. */
  type(el: TestElement, value: string): void {
    el.focus();
    el.value = value;
    el.dispatchEvent(new this.window.Event('input', { bubbles: true }));
  }

  change(el: TestElement): void {
    el.dispatchEvent(new this.window.Event('change', { bubbles: true }));
  }

  key(init: { key: string; ctrlKey?: boolean; metaKey?: boolean }): void {
    this.window.document.body.dispatchEvent(new this.window.KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  }

  private onPost(message: WebviewToHost): void {
    this.posted.push(message);
    if (message.kind !== 'request') return;
    const responder = this.responders.get(message.method);
    if (!responder) return;
    void Promise.resolve().then(() => {
      const result = responder(message.params);
      this.deliver(result instanceof Error ? { kind: 'response', id: message.id, error: { message: result.message } } : { kind: 'response', id: message.id, result });
    });
  }

  private deliver(message: unknown): void {
    // A webview receives a structured clone made in its own realm.
    const data = this.window.JSON.parse(JSON.stringify(message));
    this.window.dispatchEvent(new this.window.MessageEvent('message', { data }));
  }
}

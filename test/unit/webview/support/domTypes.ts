// Structural types for the DOM the webview tests read and drive (see jsdom.d.ts for why not lib.dom).

export interface TestAttr {
  name: string;
  value: string;
}

export interface TestElement {
  tagName: string;
  nodeName: string;
  textContent: string | null;
  innerHTML: string;
  value: string;
  checked: boolean;
  disabled: boolean;
  selectionStart: number | null;
  selectionEnd: number | null;
  readonly attributes: ArrayLike<TestAttr>;
  readonly ownerDocument: TestDocument;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): TestElement | null;
  querySelectorAll(selector: string): ArrayLike<TestElement>;
  closest(selector: string): TestElement | null;
  append(...nodes: unknown[]): void;
  click(): void;
  focus(): void;
  setSelectionRange(start: number, end: number): void;
  dispatchEvent(event: unknown): boolean;
  addEventListener(type: string, listener: (event: { defaultPrevented: boolean }) => void): void;
}

export interface TestDocument {
  body: TestElement;
  readonly activeElement: TestElement | null;
  querySelector(selector: string): TestElement | null;
  querySelectorAll(selector: string): ArrayLike<TestElement>;
  createElement(tag: string): TestElement;
}

type EventInit = { bubbles?: boolean; cancelable?: boolean; key?: string; ctrlKey?: boolean; metaKey?: boolean; data?: unknown; button?: number };

export interface TestWindow {
  document: TestDocument;
  eval(code: string): unknown;
  close(): void;
  Event: new (type: string, init?: EventInit) => unknown;
  MouseEvent: new (type: string, init?: EventInit) => { defaultPrevented: boolean };
  KeyboardEvent: new (type: string, init?: EventInit) => unknown;
  MessageEvent: new (type: string, init?: EventInit) => unknown;
  JSON: typeof JSON;
  dispatchEvent(event: unknown): boolean;
  addEventListener(type: string, listener: (event: { defaultPrevented: boolean }) => void): void;
  requestAnimationFrame: (callback: (time: number) => void) => number;
  [key: string]: unknown;
}

// The little of the DOM that functions run in the page use. The root tsconfig leaves lib.dom out on purpose
// (core and the DOM-free webview modules must not see it), so these are declared here, as types only.

export interface PageElement {
  parentElement: PageElement | null;
  nonce?: string;
  getAttribute(name: string): string | null;
}

export interface PageStyle {
  backgroundColor: string;
  getPropertyValue(name: string): string;
}

export interface PageGlobals {
  getComputedStyle(element: PageElement): PageStyle;
}

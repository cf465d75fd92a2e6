// The few jsdom APIs the webview tests use. Typed here, on purpose without the DOM lib: the project's
// tsconfig leaves it out so that Node code cannot use browser globals by accident (@types/jsdom would
// pull it in for the whole program).
declare module 'jsdom' {
  import type { TestWindow } from './domTypes';

  export interface InterceptedRequest {
    url: string;
  }

  /** An undici interceptor that sees every subresource request; a returned Response ends the request. */
  export function requestInterceptor(handler: (request: InterceptedRequest, context: { element: unknown }) => unknown): unknown;

  export interface JsdomOptions {
    url?: string;
    runScripts?: 'outside-only' | 'dangerously';
    pretendToBeVisual?: boolean;
    resources?: 'usable' | { interceptors?: unknown[] };
  }

  export class JSDOM {
    constructor(html?: string, options?: JsdomOptions);
    readonly window: TestWindow;
  }
}

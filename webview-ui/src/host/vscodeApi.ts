// The one caller of `acquireVsCodeApi` (ARCHITECTURE.md, "Webview protocol"): it adapts the VS Code
// webview API to the Transport of client.ts and to the small persistence port the UI state uses.
import type { WebviewToHost } from '../../../src/shared/protocol';
import type { ResultsToHost } from '../../../src/shared/resultsProtocol';
import type { PersistedState, Transport } from './client';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface WebviewHost {
  transport: Transport;
  persisted: PersistedState;
}

export function connectToVsCode(win: Window = window): WebviewHost {
  // VS Code allows one call per page; keep it in this module.
  const api = acquireVsCodeApi();
  return {
    transport: {
      post: (message: WebviewToHost) => api.postMessage(message),
      listen(handler) {
        const listener = (event: MessageEvent): void => handler(event.data);
        win.addEventListener('message', listener);
        return () => win.removeEventListener('message', listener);
      },
    },
    persisted: {
      load: () => api.getState(),
      save: (state) => api.setState(state),
    },
  };
}

/** The results view's page (its own protocol, src/shared/resultsProtocol.ts): the same API, typed for it. */
export interface ResultsTransport {
  post(message: ResultsToHost): void;
  listen(handler: (message: unknown) => void): () => void;
}

export function connectResultsPage(win: Window = window): ResultsTransport {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    listen(handler) {
      const listener = (event: MessageEvent): void => handler(event.data);
      win.addEventListener('message', listener);
      return () => win.removeEventListener('message', listener);
    },
  };
}

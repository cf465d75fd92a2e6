// The playground UI entry (browser). Talks to the host only through src/shared/protocol.ts, via the one
// client module (host/vscodeApi.ts → host/client.ts).
import { h, render } from 'preact';
import { PlaygroundActions } from './app/actions';
import { Playground } from './app/playground';
import { App } from './components/App';
import { ServicesContext } from './components/context';
import { HostClient } from './host/client';
import { connectToVsCode } from './host/vscodeApi';
import type { PerfSnapshot } from './stream/perfStats';
import { applyStyles } from './styles/styles';

declare global {
  interface Window {
    /** Read by the Playwright streaming benchmark. */
    __promptyardPerf?: { snapshot(): PerfSnapshot; reset(): void };
  }
}

function start(): void {
  const { transport, persisted } = connectToVsCode(window);
  const client = new HostClient(transport);
  const pg = new Playground({
    client,
    persisted,
    schedule: (callback) => void window.requestAnimationFrame(() => callback()),
    now: () => performance.now(),
  });
  const actions = new PlaygroundActions(pg);
  window.__promptyardPerf = { snapshot: () => pg.batcher.perf.snapshot(), reset: () => pg.batcher.perf.reset() };
  // A hidden view may be torn down: send what is pending while the page is still alive.
  window.addEventListener('pagehide', () => pg.flushEdits());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') pg.flushEdits();
  });

  applyStyles(document);
  const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
  const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘↵' : 'Ctrl+↵';
  render(h(ServicesContext.Provider, { value: { pg, actions } }, h(App, { shortcut })), root);
  pg.start();
  document.body.dataset.promptyard = 'ready';
}

start();

// The playground UI entry (browser). Talks to the host only through src/shared/protocol.ts.
document.body.dataset.promptyard = 'ready';

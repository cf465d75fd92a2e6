// The source of a code-runner worker, kept as text so it runs the same from tsx, tests and the esbuild
// bundle (no worker file to locate). Each message runs one function body in a fresh `vm` context: no
// require, no process, no timers, no eval (code generation from strings is off), console silenced.
// Arguments arrive as JSON text and are parsed inside the context, so no object of the worker's own realm
// leaks in. Synchronous loops stop at the vm timeout (the worker survives); everything else is stopped by
// the host terminating the worker.

export const CODE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const vm = require('node:vm');
const PRELUDE = 'globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };';
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

async function run(message) {
  const { id, body, names, argsJson, timeoutMs } = message;
  try {
    if (!names.every((n) => IDENT.test(n))) throw new Error('argument names must be identifiers');
    const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
    vm.runInContext(PRELUDE, context);
    context.__args = argsJson;
    const pick = names.map((n) => '__a[' + JSON.stringify(n) + ']').join(', ');
    const source =
      '(async function (' + names.join(', ') + ') {\n' + body + '\n}).apply(undefined, ' +
      '(function (__a) { return [' + pick + ']; })(JSON.parse(__args)))';
    const value = await vm.runInContext(source, context, { timeout: timeoutMs, filename: 'promptyard-assertion.js' });
    if (value === undefined) return { id, ok: true, undefined: true };
    let json;
    try {
      json = JSON.stringify(value);
    } catch (e) {
      throw new Error('the returned value is not JSON (' + (e && e.message) + ')');
    }
    return json === undefined ? { id, ok: true, undefined: true } : { id, ok: true, json };
  } catch (e) {
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { id, ok: false, timeout: true };
    const text = e && typeof e === 'object' && 'message' in e ? String(e.name && e.name !== 'Error' ? e.name + ': ' + e.message : e.message) : String(e);
    return { id, ok: false, error: text };
  }
}

parentPort.on('message', (message) => {
  run(message).then((reply) => parentPort.postMessage(reply));
});
`;

/** What the host sends for one run. */
export interface CodeWorkerRequest {
  id: number;
  body: string;
  names: string[];
  argsJson: string;
  timeoutMs: number;
}

export type CodeWorkerReply =
  | { id: number; ok: true; json?: string; undefined?: true }
  | { id: number; ok: false; timeout?: true; error?: string };

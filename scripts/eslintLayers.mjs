// The `promptyard/layers` lint rule: which folder may import what (ARCHITECTURE.md, "Layers").
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function layerOf(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('src/shared/')) return 'shared';
  if (rel.startsWith('src/core/')) return 'core';
  if (rel.startsWith('src/extension/')) return 'extension';
  if (rel.startsWith('src/cli/')) return 'cli';
  if (rel.startsWith('webview-ui/')) return 'webview';
  if (rel.startsWith('data/') && rel.endsWith('.json')) return 'data';
  return undefined;
}

/** Returns a message when `spec`, imported from `file`, breaks the layer rule. */
export function checkImport(file, spec) {
  const from = layerOf(file);
  if (!from) return undefined;
  const relative = spec.startsWith('.');
  const target = relative ? layerOf(path.resolve(path.dirname(file), spec)) : undefined;
  const outside = relative && target === undefined;
  switch (from) {
    case 'shared':
      if (!relative || target !== 'shared') return 'src/shared imports nothing outside src/shared.';
      return undefined;
    case 'core':
      if (spec === 'vscode') return "src/core never imports 'vscode': put editor code in src/extension behind a port (src/core/ports.ts).";
      if (relative && !['core', 'shared', 'data'].includes(target)) return 'src/core imports only src/core, src/shared and data/*.json.';
      if (outside) return 'src/core imports only src/core and src/shared.';
      return undefined;
    case 'cli':
      if (spec === 'vscode') return "Only src/extension imports 'vscode'.";
      if (relative && !['cli', 'core', 'shared'].includes(target)) return 'src/cli imports only src/cli, src/core and src/shared.';
      return undefined;
    case 'extension':
      if (relative && !['extension', 'core', 'shared'].includes(target)) return 'src/extension imports only src/extension, src/core and src/shared.';
      return undefined;
    case 'webview':
      if (spec === 'vscode') return "webview-ui runs in the browser: it never imports 'vscode'.";
      if (builtins.has(spec)) return 'webview-ui runs in the browser: no Node built-ins.';
      if (relative && target !== 'webview' && target !== 'shared') return 'webview-ui imports only webview-ui and src/shared; talk to the host through the protocol.';
      return undefined;
  }
  return undefined;
}

const rule = {
  meta: { type: 'problem', docs: { description: 'Enforce the layers of ARCHITECTURE.md' }, schema: [] },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = checkImport(file, source.value);
      if (message) context.report({ node, message: `'${source.value}': ${message}` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0]);
        }
      },
    };
  },
};

export const layersPlugin = { rules: { layers: rule } };

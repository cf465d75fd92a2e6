// Lint: typescript-eslint's recommended rules plus the layer rule of ARCHITECTURE.md, enforced here so no
// reviewer has to: shared imports nothing; core imports shared and npm packages but never `vscode`;
// only src/extension imports `vscode`; webview-ui imports only src/shared (and browser packages).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/eslintLayers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.promptyard/**', 'test-results/**', '.cache/**', 'test/e2e/fixtures/**', 'templates/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { promptyard: layersPlugin },
    rules: {
      'promptyard/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Library code logs through the Logger port (a LogOutputChannel in VS Code, stderr in the CLI).
    files: ['src/**/*.ts', 'webview-ui/**/*.ts', 'webview-ui/**/*.tsx'],
    ignores: ['src/cli/output.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'test/**/*.mjs', 'bin/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', fetch: 'readonly', performance: 'readonly' } },
    rules: { 'no-restricted-syntax': 'off' },
  },
);

// The playground's HTML: a strict Content Security Policy with a fresh nonce per render (scripts only with
// the nonce, styles from the extension or with the nonce, images from the extension or data:, nothing
// remote), and the bundle from dist/webview. No `vscode` here: the session passes the URIs as strings.
import { randomBytes } from 'node:crypto';

export interface PlaygroundHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview/main.js)`. */
  scriptUri: string;
  /** The bundle's stylesheet, when it has one. */
  styleUri?: string;
  title: string;
  nonce?: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function playgroundHtml(options: PlaygroundHtmlOptions): string {
  const nonce = options.nonce ?? createNonce();
  const csp = contentSecurityPolicy(options.cspSource, nonce);
  const style = options.styleUri ? `\n    <link rel="stylesheet" href="${attr(options.styleUri)}" nonce="${nonce}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${text(options.title)}</title>${style}
  </head>
  <body>
    <div id="root"></div>
    <script nonce="${nonce}" src="${attr(options.scriptUri)}"></script>
  </body>
</html>
`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

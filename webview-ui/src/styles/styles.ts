// The playground's styles: VS Code's theme variables only (light, dark and high contrast follow the
// editor). Applied as a constructed stylesheet, which the webview's CSP allows without 'unsafe-inline'.

export const styles = `
:root { color-scheme: light dark; }
body { margin: 0; padding: 0; color: var(--vscode-foreground); background: var(--vscode-sideBar-background, var(--vscode-editor-background));
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); font-weight: var(--vscode-font-weight); }
.playground { padding: 8px 12px 24px; display: flex; flex-direction: column; gap: 10px; container-type: inline-size; }
.layout { display: flex; flex-direction: column; gap: 14px; }
@container (min-width: 900px) {
  .layout { display: grid; grid-template-columns: minmax(340px, 5fr) 7fr; align-items: start; }
  .output-side { position: sticky; top: 8px; }
}
.editor-side, .output-side { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.variants { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
@container (max-width: 520px) { .variants { grid-template-columns: 1fr; } }

.section-title { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; margin: 0 0 6px; font-weight: 600; color: var(--vscode-descriptionForeground); }
.section-head, .row, .toolbar, .run-bar, .message-head, .provider-head, .tool-item { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.section-head .section-title { margin: 0; }
.spacer { flex: 1; }
.empty { color: var(--vscode-descriptionForeground); margin: 4px 0; }
.error-text { color: var(--vscode-errorForeground); font-size: 12px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.mono, code, pre, kbd { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
kbd { border: 1px solid var(--vscode-widget-border, transparent); border-radius: 3px; padding: 0 4px; font-size: 11px; opacity: .85; }

button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); border-radius: 2px; padding: 4px 11px; cursor: pointer; line-height: 18px; }
button:hover:not(:disabled) { background: var(--vscode-button-hoverBackground); }
button:disabled { opacity: .5; cursor: default; }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground); }
button.icon { background: transparent; color: var(--vscode-icon-foreground, var(--vscode-foreground)); padding: 1px 6px; border-color: transparent; }
button.icon:hover:not(:disabled) { background: var(--vscode-toolbar-hoverBackground); }
button.icon[aria-pressed="true"] { background: var(--vscode-inputOption-activeBackground); border-color: var(--vscode-inputOption-activeBorder, transparent); }
button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); }
button.link:hover:not(:disabled) { background: none; color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
button.stop { background: var(--vscode-statusBarItem-errorBackground, var(--vscode-button-background)); color: var(--vscode-statusBarItem-errorForeground, var(--vscode-button-foreground)); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }

input, textarea, select { font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent)); border-radius: 2px; padding: 3px 6px; box-sizing: border-box; }
select { color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border-color: var(--vscode-dropdown-border, transparent); }
input::placeholder, textarea::placeholder { color: var(--vscode-input-placeholderForeground); }
input:focus, textarea:focus, select:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
[aria-invalid="true"] { border-color: var(--vscode-inputValidation-errorBorder); }
input[type="checkbox"], input[type="radio"] { accent-color: var(--vscode-checkbox-foreground, var(--vscode-foreground)); }
textarea { width: 100%; resize: vertical; field-sizing: content; min-height: 2.2em; max-height: 60vh; line-height: 1.45; }
.field { display: flex; flex-direction: column; gap: 3px; font-size: 12px; }
.field > span:first-child { color: var(--vscode-descriptionForeground); }
.toggle { display: inline-flex; gap: 5px; align-items: center; cursor: pointer; font-size: 12px; }

.message-list { list-style: none; padding: 0; margin: 0 0 6px; display: flex; flex-direction: column; gap: 8px; }
.message { border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border, transparent))); border-radius: 3px; padding: 4px; background: var(--vscode-editor-background); }
.message-head select { font-size: 11px; padding: 1px 4px; }
.message-content { border-color: transparent; background: transparent; }

.variable-grid { display: flex; flex-direction: column; gap: 6px; }
.variable { display: grid; grid-template-columns: minmax(90px, 30%) 1fr auto; gap: 6px; align-items: start; }
.variable-name { font-family: var(--vscode-editor-font-family); padding-top: 4px; overflow-wrap: anywhere; }
.variable.unused .variable-name { opacity: .65; }
.badge { font-size: 10px; padding: 0 5px; border-radius: 8px; margin-left: 4px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-family: var(--vscode-font-family); }
.badge.warn { background: var(--vscode-inputValidation-warningBackground, var(--vscode-badge-background)); color: var(--vscode-foreground); }

.model-groups { display: flex; flex-direction: column; gap: 6px; max-height: 260px; overflow: auto; }
.provider-name { font-weight: 600; }
.provider-status { color: var(--vscode-descriptionForeground); font-size: 11px; }
.model-option { display: flex; gap: 6px; align-items: center; padding: 2px 4px 2px 12px; cursor: pointer; border-radius: 2px; }
.model-option:hover { background: var(--vscode-list-hoverBackground); }
.model-option.unavailable { opacity: .7; cursor: default; }
.model-option .reason { color: var(--vscode-descriptionForeground); font-size: 11px; }
.model-name { overflow-wrap: anywhere; }

details.section { border-top: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); padding-top: 6px; }
details.section > summary { cursor: pointer; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; font-weight: 600; color: var(--vscode-descriptionForeground); }
details.section[open] > summary { margin-bottom: 8px; }
.parameters { display: flex; flex-direction: column; gap: 8px; }
.param-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(110px, 1fr)); gap: 8px; }
.tools, .tool-form, .history { display: flex; flex-direction: column; gap: 6px; }
.tool-list, .history-list { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 4px; }
.tool-description { color: var(--vscode-descriptionForeground); }

.banner { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; padding: 6px 8px; border-radius: 2px; border: 1px solid transparent; }
.banner p { margin: 2px 0 0; flex-basis: 100%; }
.banner.error { background: var(--vscode-inputValidation-errorBackground); border-color: var(--vscode-inputValidation-errorBorder); }
.banner.info { background: var(--vscode-inputValidation-infoBackground); border-color: var(--vscode-inputValidation-infoBorder); }
.banner .hint { color: var(--vscode-descriptionForeground); }
.banner .dismiss { margin-left: auto; }
.notices { display: flex; flex-direction: column; gap: 4px; }
.bound-file { color: var(--vscode-descriptionForeground); }
.run-problems { color: var(--vscode-descriptionForeground); font-size: 12px; }

.output-columns { display: grid; gap: 10px; grid-template-columns: 1fr; }
.output-columns.cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.output-columns.cols-3, .output-columns.cols-4 { grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
@container (max-width: 480px) { .output-columns.cols-2 { grid-template-columns: 1fr; } }
.output-column { border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border, transparent))); border-radius: 3px; padding: 8px; min-width: 0;
  background: var(--vscode-editor-background); display: flex; flex-direction: column; gap: 8px; }
.output-column.status-failed { border-color: var(--vscode-inputValidation-errorBorder); }
.column-head { display: flex; gap: 6px; align-items: baseline; }
.column-title { margin: 0; font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; }
.column-status { font-size: 11px; color: var(--vscode-descriptionForeground); }
.output-host { min-height: 1.5em; overflow-wrap: anywhere; }
.output-body { max-height: 70vh; overflow: auto; }
.output-body * { overflow-anchor: none; }
.output-body .scroll-anchor { overflow-anchor: auto; height: 1px; }
.output-host.prior { opacity: .8; border-bottom: 1px dashed var(--vscode-widget-border, transparent); padding-bottom: 6px; }
.output-plain { white-space: pre-wrap; margin: 0; }
.md > :first-child { margin-top: 0; }
.md pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; border-radius: 3px; }
.md code { background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
.md pre code { background: none; padding: 0; }
.md a { color: var(--vscode-textLink-foreground); }
.md blockquote { margin: 0; padding-left: 10px; border-left: 3px solid var(--vscode-textBlockQuote-border); color: var(--vscode-textBlockQuote-foreground, inherit); }
.md table { border-collapse: collapse; }
.md th, .md td { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor)); padding: 2px 6px; }
.column-error { padding: 6px 8px; background: var(--vscode-inputValidation-errorBackground); border: 1px solid var(--vscode-inputValidation-errorBorder); border-radius: 2px; }
.column-error p { margin: 4px 0 0; }
.column-note { margin: 0; font-size: 12px; color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground)); }
.stats { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0; font-size: 11px; color: var(--vscode-descriptionForeground); }
.stats > div { display: flex; gap: 4px; }
.stats dt { font-weight: 600; }
.stats dd { margin: 0; }
.tool-calls { display: flex; flex-direction: column; gap: 8px; }
.tool-call { border-left: 2px solid var(--vscode-focusBorder); padding-left: 8px; display: flex; flex-direction: column; gap: 4px; }
.tool-call-args { margin: 0; white-space: pre-wrap; background: var(--vscode-textCodeBlock-background); padding: 4px 6px; }
.tool-call-answer { display: flex; flex-direction: column; gap: 4px; align-items: flex-start; }
.tool-call-answer .field { align-self: stretch; }
.feedback { display: flex; flex-direction: column; gap: 6px; }
.feedback-result { font-size: 12px; color: var(--vscode-descriptionForeground); }
.history-item { display: flex; flex-wrap: wrap; gap: 2px 8px; width: 100%; text-align: left; background: transparent; color: var(--vscode-foreground); padding: 4px 6px; }
.history-item:hover:not(:disabled) { background: var(--vscode-list-hoverBackground); }
.history-when, .history-models { font-size: 11px; color: var(--vscode-descriptionForeground); }
.history-text { flex-basis: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
`;

/** Applies the styles without a <style> element (the CSP has no 'unsafe-inline'). */
export function applyStyles(doc: Document): void {
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (!Sheet || !('adoptedStyleSheets' in doc)) return;
  try {
    const sheet = new Sheet();
    sheet.replaceSync(styles);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // A DOM without constructable stylesheets (a test DOM) renders unstyled.
  }
}

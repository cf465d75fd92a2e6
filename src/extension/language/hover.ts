// Hovers in prompt documents: where a variable comes from, and a model's context window and prices.
import * as vscode from 'vscode';
import { hoverPrompt } from '../../core/prompts/hovers';
import type { PromptAnalyses } from './promptAnalyses';

export class PromptHovers implements vscode.HoverProvider {
  constructor(private readonly analyses: PromptAnalyses) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.analyses.get(document);
    if (!analysis) return undefined;
    const found = hoverPrompt(document.offsetAt(position), analysis.outline, analysis.uses, this.analyses.context);
    if (!found) return undefined;
    // Text from the file is shown, never run: no command links, no HTML.
    const markdown = new vscode.MarkdownString(found.markdown);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(found.range.start), document.positionAt(found.range.end)));
  }
}

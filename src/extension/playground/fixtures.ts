// Tool-call fixtures: the answer to a tool call read from a file next to the prompt, so a tool conversation
// can be replayed without typing. Looked up, first found wins:
//   <prompt dir>/<prompt id>.fixtures/<tool>.json   (this prompt's own)
//   <prompt dir>/fixtures/<tool>.json               (shared by the prompts of the folder)
// The side view (no prompt file) looks in the workspace's `prompts/` folder. The file's text is the result.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { idFromFileName } from '../../core/prompts/promptFile';
import type { PlaygroundSession } from './session';

const MAX_FIXTURE_CHARS = 100_000;

export function fixtureCandidates(promptFile: string, toolName: string): string[] {
  const dir = path.dirname(promptFile);
  return [path.join(dir, `${idFromFileName(promptFile)}.fixtures`, `${toolName}.json`), path.join(dir, 'fixtures', `${toolName}.json`)];
}

export async function readFixture(session: PlaygroundSession, toolName: string): Promise<{ content?: string }> {
  const file = session.promptFile();
  if (!path.isAbsolute(file)) return {};
  for (const candidate of fixtureCandidates(file, toolName)) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    if (text.length > MAX_FIXTURE_CHARS) text = text.slice(0, MAX_FIXTURE_CHARS);
    session.services.logger.debug(`Tool fixture for ${toolName}: ${candidate}`);
    return { content: text.trim() };
  }
  return {};
}

// Loads any prompt file Promptyard reads, by its extension: `.prompt.yml` / `.prompt.yaml` or `.prompty`.
import { InputError } from '../errors';
import { promptOrThrow, loadPromptFile, type LoadedPrompt } from './parse';
import { isPromptFileName, PROMPTY_SUFFIX } from './promptFile';
import { importPrompty } from './prompty';
import { readTextFile } from './readText';

export async function loadAnyPrompt(path: string): Promise<LoadedPrompt> {
  if (isPromptFileName(path)) return loadPromptFile(path);
  if (path.toLowerCase().endsWith(PROMPTY_SUFFIX)) {
    const text = await readTextFile(path);
    return promptOrThrow(importPrompty(text, path));
  }
  throw new InputError(
    [{ severity: 'error', code: 'unsupported-file', message: `${path} is not a prompt file Promptyard reads.` }],
    'Prompt files end in .prompt.yml, .prompt.yaml or .prompty; rename the file or pass one of those.',
  );
}

// Reads a prompt-related file as text; a missing or unreadable file is bad input (InputError), not a crash.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors';

export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') {
      throw new InputError(
        [{ severity: 'error', code: 'file-not-found', message: `${file} does not exist.` }],
        'Check the path; prompt files end in .prompt.yml, .prompt.yaml or .prompty.',
      );
    }
    const reason = code === 'EISDIR' ? 'it is a folder' : e instanceof Error ? e.message : String(e);
    throw new InputError(
      [{ severity: 'error', code: 'unreadable-file', message: `Cannot read ${file}: ${reason}.` }],
      'Pass the path of a prompt file you can read.',
    );
  }
}

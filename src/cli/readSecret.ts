// Reads a key without echoing it (TTY) or from piped stdin, so it never lands in shell history.
import { PromptyardError } from '../core/errors';

export async function readSecret(prompt: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const value = stdin.isTTY ? await readHidden(prompt, stdin) : await readAll(stdin);
  const key = value.trim();
  if (!key) throw new PromptyardError('empty-key', 'no key was given.', { hint: 'Paste the key at the prompt, or pipe it: `printenv OPENAI_API_KEY | promptyard keys set openai`.' });
  if (/\s/.test(key)) throw new PromptyardError('invalid-key', 'the key contains whitespace; it was not stored.', { hint: 'Paste the key alone, on one line.' });
  return key;
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function readHidden(prompt: string, stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new PromptyardError('cancelled', 'cancelled; nothing was stored.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

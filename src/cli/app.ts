export async function main(_argv: string[], _version: string): Promise<number> {
  process.stderr.write('promptyard: not implemented yet\n');
  return 2;
}

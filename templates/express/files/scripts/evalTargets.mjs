// Prints the snapshot of each prompt's PROMPT_LABEL version (default production), for the eval gate:
//   npx promptyard eval $(node scripts/evalTargets.mjs)
import { readFileSync } from 'node:fs';

const label = process.env.PROMPT_LABEL || 'production';
const lock = JSON.parse(readFileSync('prompts/prompts.lock.json', 'utf8'));
const targets = [];
for (const [id, entry] of Object.entries(lock.prompts)) {
  const version = entry.labels[label];
  if (!version) {
    console.error(`${id} has no label ${label}`);
    process.exit(1);
  }
  targets.push(`prompts/.versions/${id}/${version}.prompt.yml`);
}
console.log(targets.join(' '));

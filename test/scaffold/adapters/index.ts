// The stacks the harness runs. PROMPTYARD_SCAFFOLD_STACKS=express,fastapi picks some (default: all listed).
import { expressAdapter } from './express';
import { fastapiAdapter } from './fastapi';
import { springAdapter } from './spring';
import type { StackAdapter } from './types';

const ALL: StackAdapter[] = [expressAdapter, fastapiAdapter, springAdapter];

export function selectedAdapters(): StackAdapter[] {
  const wanted = process.env.PROMPTYARD_SCAFFOLD_STACKS?.split(',').map((s) => s.trim()).filter(Boolean);
  return wanted ? ALL.filter((a) => wanted.includes(a.stack)) : ALL;
}

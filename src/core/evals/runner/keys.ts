// Stable identities of the work of a run. A work item's key is a hash of what it runs: the suite (by its
// path relative to the workspace, so keys agree across machines), the prompt id, version and content hash,
// the model, the case id and the repeat. The same key on two runs means the same work, which is what
// --resume (skip finished keys), merge (dedupe) and the shard split rely on. That the cases themselves did
// not change in between is checked on the run as a whole (casesDigest), which costs no memory per case.
import * as crypto from 'node:crypto';
import { sha256Hex } from '../cache/sha256';
import path from 'node:path';
import { PromptyardError } from '../../errors';
import type { EvalCase } from '../types';

/** Hex characters kept of each sha256 (128 bits). */
const KEY_CHARS = 32;
/** Characters of case JSON hashed at once by casesDigest(). */
const DIGEST_CHUNK = 64 * 1024;

export interface WorkIdentity {
  /** The suite file relative to the workspace, `/`-separated. */
  suite: string;
  promptId: string;
  promptVersion?: string;
  promptSha256: string;
  modelId: string;
  caseId: string;
  repeat: number;
}

export function workKey(id: WorkIdentity): string {
  return hashText(JSON.stringify([id.suite, id.promptId, id.promptVersion ?? '', id.promptSha256, id.modelId, id.caseId, id.repeat]));
}

/**
 * workKey() of many cases of one suite × prompt × model: the JSON text of the parts they share is made once
 * (the same text, so the same keys).
 */
export function workKeyer(id: Omit<WorkIdentity, 'caseId' | 'repeat'>): (caseId: string, repeat: number) => string {
  const head = JSON.stringify([id.suite, id.promptId, id.promptVersion ?? '', id.promptSha256, id.modelId]).slice(0, -1);
  return (caseId, repeat) => hashText(`${head},${JSON.stringify(caseId)},${JSON.stringify(repeat)}]`);
}

/**
 * The group of a case (suite × case × repeat): its prompts and models are compared by select-best, so they
 * stay together, and the shard split is made on it.
 */
export function groupKey(suite: string, caseId: string, repeat: number): string {
  return hashText(JSON.stringify([suite, caseId, repeat]));
}

/**
 * One hash over what every case of the suites asks (vars, expectations, assertions, options), in order: a
 * resumed run or a shard with another digest would mix the results of different cases.
 */
export function casesDigest(suites: ReadonlyArray<{ path: string; cases: readonly EvalCase[] }>): string {
  const hash = crypto.createHash('sha256');
  // The same bytes as one update per case, fed in chunks: a native call per case costs more than its hashing.
  let chunk = '';
  for (const s of suites) {
    chunk += JSON.stringify(s.path);
    for (const c of s.cases) {
      chunk += JSON.stringify([c.id, c.vars, c.expected ?? null, c.assert, c.options ?? null, c.threshold ?? null]);
      if (chunk.length >= DIGEST_CHUNK) {
        hash.update(chunk);
        chunk = '';
      }
    }
  }
  hash.update(chunk);
  return hash.digest('hex').slice(0, KEY_CHARS);
}

export function hashText(text: string): string {
  return sha256Hex(text).slice(0, KEY_CHARS);
}

/** A suite's path as keys and run metadata hold it: relative to the workspace when inside it, `/`-separated. */
export function suitePath(workspace: string, file: string): string {
  const rel = path.relative(workspace, path.resolve(workspace, file));
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return (inside ? rel : path.resolve(workspace, file)).split(path.sep).join('/');
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new PromptyardError('invalid-shard', `--shard '${text}' is not i/n with 1 ≤ i ≤ n`, {
      hint: 'Write e.g. --shard 1/4 on the first of four CI jobs, --shard 4/4 on the last.',
      exitCode: 2,
    });
  }
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The 1-based shard a group key falls in: the first 32 bits of the hash modulo the shard count. */
export function shardOf(key: string, count: number): number {
  return (Number.parseInt(key.slice(0, 8), 16) % count) + 1;
}

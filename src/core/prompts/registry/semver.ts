// The small part of Semantic Versioning 2.0.0 the registry needs: parse, precedence, bump.
import { SEMVER_PATTERN } from '../promptFile';

export type BumpKind = 'major' | 'minor' | 'patch';
export const BUMP_KINDS: readonly BumpKind[] = ['major', 'minor', 'patch'];

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated identifiers after `-`; empty for a release version. */
  prerelease: string[];
}

export function isSemver(text: string): boolean {
  return SEMVER_PATTERN.test(text);
}

export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER_PATTERN.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [] };
}

function parsed(text: string): SemVer {
  const v = parseSemver(text);
  if (!v) throw new TypeError(`not a semantic version: ${text}`);
  return v;
}

/** Semver precedence: negative when a < b, 0 when equal (build metadata is ignored), positive when a > b. */
export function compareSemver(a: string, b: string): number {
  const x = parsed(a);
  const y = parsed(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || comparePrerelease(x.prerelease, y.prerelease);
}

function comparePrerelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release ranks above its prereleases
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1; // numeric identifiers rank below alphanumeric ones
    return p < q ? -1 : 1;
  }
  return a.length - b.length;
}

/** The versions sorted by precedence, lowest first. */
export function sortVersions(versions: Iterable<string>): string[] {
  return [...versions].sort(compareSemver);
}

export function highestVersion(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (best === undefined || compareSemver(v, best) > 0) best = v;
  return best;
}

/** npm's rules: bumping a prerelease finishes it (1.2.0-rc.1 + patch → 1.2.0 only when patch is 0, …). */
export function bumpVersion(version: string, kind: BumpKind): string {
  const v = parsed(version);
  const pre = v.prerelease.length > 0;
  switch (kind) {
    case 'major':
      return pre && v.minor === 0 && v.patch === 0 ? `${v.major}.0.0` : `${v.major + 1}.0.0`;
    case 'minor':
      return pre && v.patch === 0 ? `${v.major}.${v.minor}.0` : `${v.major}.${v.minor + 1}.0`;
    case 'patch':
      return pre ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}.${v.patch + 1}`;
  }
}

// What a platform-specific .vsix needs to run local/default: node-llama-cpp, its dependencies (resolved the
// way Node resolves them from the repository's node_modules) and the one CPU binary package of the target
// (never the CUDA or Vulkan builds: hundreds of MB).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** vsce's name of this machine's platform. */
export function vsceTarget(platform = process.platform, arch = process.arch) {
  const target = { 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'linux-arm': 'linux-armhf', 'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64', 'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64' }[`${platform}-${arch}`];
  if (!target) throw new Error(`no .vsix target for ${platform}-${arch}`);
  return target;
}

const BINARY_PACKAGE = {
  'linux-x64': '@node-llama-cpp/linux-x64',
  'linux-arm64': '@node-llama-cpp/linux-arm64',
  'linux-armhf': '@node-llama-cpp/linux-armv7l',
  'darwin-x64': '@node-llama-cpp/mac-x64',
  'darwin-arm64': '@node-llama-cpp/mac-arm64-metal',
  'win32-x64': '@node-llama-cpp/win-x64',
  'win32-arm64': '@node-llama-cpp/win-arm64',
};

/** Package folders relative to `root` (e.g. `node_modules/chalk`), outermost only. */
export function runtimeClosure(root, target) {
  const binary = BINARY_PACKAGE[target];
  const found = new Set();
  const visit = (dir) => {
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const optional = Object.keys(pkg.optionalDependencies ?? {}).filter((name) => !name.startsWith('@node-llama-cpp/') || name === binary);
    for (const name of [...Object.keys(pkg.dependencies ?? {}), ...optional]) {
      const at = resolvePackage(root, dir, name);
      if (at) visit(at);
      else if (!optional.includes(name)) throw new Error(`${name} (needed by ${dir}) is not installed: run \`npm ci\``);
    }
  };
  visit('node_modules/node-llama-cpp');
  if (![...found].includes(`node_modules/${binary}`)) throw new Error(`${binary} is not installed, so node-llama-cpp has no binary for ${target}`);
  const dirs = [...found].sort();
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

/** Node's lookup: `<dir>/node_modules/<name>` for `from` and each ancestor not itself named node_modules. */
function resolvePackage(root, from, name) {
  for (let dir = from; ; dir = path.posix.dirname(dir)) {
    if (path.posix.basename(dir) !== 'node_modules') {
      const candidate = path.posix.join(dir, 'node_modules', name);
      if (existsSync(path.join(root, candidate, 'package.json'))) return candidate;
    }
    if (dir === '.') return undefined;
  }
}

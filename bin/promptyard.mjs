#!/usr/bin/env node
try {
  await import('../dist/cli/main.mjs');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.mjs')) {
    process.stderr.write('error: promptyard is not built yet. Run `npm run build` in its folder, then try again.\n');
    process.exit(2);
  }
  throw error;
}

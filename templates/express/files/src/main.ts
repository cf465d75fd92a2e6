// Entry point: validated configuration, then the service; SIGTERM and SIGINT shut it down gracefully.
import { ConfigError, loadConfig } from './config.js';
import { RegistryError } from './registry.js';
import { startService } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level: 'fatal', msg: `invalid configuration: ${e.message}`, variable: e.variable })}\n`);
      process.exit(1);
    }
    throw e;
  }
  let service;
  try {
    service = await startService(config);
  } catch (e) {
    const msg = e instanceof RegistryError || e instanceof ConfigError ? e.message : `cannot start: ${(e as Error).message}`;
    process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level: 'fatal', msg })}\n`);
    process.exit(1);
  }
  const stop = (signal: string) => {
    void service.shutdown(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();

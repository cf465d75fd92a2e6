// The CLI's composition root: config + keys (env, then the OS keychain) + the provider registry.
import { createProviderRegistry, type ProviderRegistry } from '../core/providers/registry';
import type { DownloadProgress } from '../core/providers/download';
import type { CliContext } from './context';
import { err, progressBar } from './output';

export async function createRegistry(ctx: CliContext): Promise<ProviderRegistry> {
  const config = await ctx.config();
  return createProviderRegistry({
    config,
    secrets: await ctx.secrets(),
    logger: ctx.logger,
    onDownloadProgress: downloadProgressPrinter(),
  });
}

/** A bar on a terminal; on a pipe, a line every 10% so CI logs stay short. */
function downloadProgressPrinter(): (p: DownloadProgress) => void {
  let lastTenth = -1;
  return (p) => {
    if (err.isTTY()) {
      err.status(progressBar(p.received, p.total, p.bytesPerSecond, 'downloading model'));
      if (p.total && p.received >= p.total) err.clearStatus();
      return;
    }
    const tenth = p.total ? Math.floor((p.received / p.total) * 10) : -1;
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      err.line(progressBar(p.received, p.total, p.bytesPerSecond, 'downloading model'));
    }
  };
}

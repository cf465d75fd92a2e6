// The local model's first download as a progress notification: the recommended model is about 400 MB, and
// without it a first run on local/default would look stuck. The engine only reports progress, never the
// end of a failed download, so the notice also closes after a while without progress (the run shows the
// error). No `vscode` here: services.ts hands in a function that opens the notification.
import type { DownloadProgress } from '../core/providers/download';

export interface Notice {
  /** `increment` in percent of the whole, as vscode.Progress takes it. */
  report(message: string, increment?: number): void;
  close(): void;
}

export class DownloadNotice {
  private notice: Notice | undefined;
  private percent = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly open: () => Notice,
    private readonly idleMs = 15_000,
  ) {}

  update(p: DownloadProgress): void {
    const done = p.total !== undefined && p.received >= p.total;
    if (done && !this.notice) return;
    this.notice ??= this.open();
    const percent = p.total ? Math.min(100, (p.received / p.total) * 100) : this.percent;
    const speed = p.bytesPerSecond > 0 ? `, ${mb(p.bytesPerSecond)}/s` : '';
    this.notice.report(`${mb(p.received)}${p.total ? ` of ${mb(p.total)}` : ''}${speed}`, Math.max(0, percent - this.percent));
    this.percent = percent;
    clearTimeout(this.idle);
    if (done) this.close();
    else this.idle = setTimeout(() => this.close(), this.idleMs);
  }

  close(): void {
    clearTimeout(this.idle);
    this.notice?.close();
    this.notice = undefined;
    this.percent = 0;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

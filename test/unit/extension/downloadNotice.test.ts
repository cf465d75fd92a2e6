// The local model's download as one progress notification: opened by the first progress, the bar moved by
// the share of the file, closed at the end or after a while without progress (a failed download).
import assert from 'node:assert/strict';
import { DownloadNotice, type Notice } from '../../../src/extension/downloadNotice';

const MB = 1_048_576;

function recorder(): { open: () => Notice; opened: number; reports: { message: string; increment?: number }[]; closed: number } {
  const log = {
    opened: 0,
    closed: 0,
    reports: [] as { message: string; increment?: number }[],
    open: (): Notice => {
      log.opened++;
      return { report: (message, increment) => log.reports.push({ message, increment }), close: () => log.closed++ };
    },
  };
  return log;
}

describe('local model download notice', () => {
  it('opens once, moves the bar by the share received and closes when the file is complete', () => {
    const r = recorder();
    const notice = new DownloadNotice(r.open, 60_000);
    notice.update({ received: 100 * MB, total: 400 * MB, bytesPerSecond: 10 * MB });
    notice.update({ received: 300 * MB, total: 400 * MB, bytesPerSecond: 10 * MB });
    assert.equal(r.opened, 1);
    assert.equal(r.closed, 0);
    notice.update({ received: 400 * MB, total: 400 * MB, bytesPerSecond: 10 * MB });
    assert.equal(r.closed, 1);
    assert.deepEqual(
      r.reports.map((x) => [x.message, x.increment]),
      [
        ['100 MB of 400 MB, 10 MB/s', 25],
        ['300 MB of 400 MB, 10 MB/s', 50],
        ['400 MB of 400 MB, 10 MB/s', 25],
      ],
    );
  });

  it('shows nothing for a file that was already complete, and a new notice for the next download', () => {
    const r = recorder();
    const notice = new DownloadNotice(r.open, 60_000);
    notice.update({ received: 400 * MB, total: 400 * MB, bytesPerSecond: 0 });
    assert.equal(r.opened, 0);
    notice.update({ received: 200 * MB, total: 400 * MB, bytesPerSecond: 0 });
    assert.deepEqual(r.reports.at(-1), { message: '200 MB of 400 MB', increment: 50 });
    notice.close();
    notice.update({ received: 100 * MB, total: 400 * MB, bytesPerSecond: 0 });
    assert.equal(r.opened, 2);
    assert.equal(r.reports.at(-1)!.increment, 25, 'the new bar starts from zero');
    notice.close();
  });

  it('closes by itself when progress stops (the download failed; the run shows why)', async () => {
    const r = recorder();
    const notice = new DownloadNotice(r.open, 300);
    notice.update({ received: 10 * MB, total: undefined, bytesPerSecond: 1 * MB });
    assert.deepEqual(r.reports[0], { message: '10 MB, 1 MB/s', increment: 0 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    notice.update({ received: 20 * MB, total: undefined, bytesPerSecond: 1 * MB });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(r.closed, 0, 'progress within the idle time keeps it open');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(r.closed, 1);
  });
});

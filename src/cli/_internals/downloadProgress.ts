import type { DownloadProgress } from '../../data/download/downloadFile.ts';
import type { CliContext } from '../Command.ts';

/**
 * Progress on a TTY: one line rewritten in place (bytes, rate); elsewhere only the lines that
 * matter, so logs stay short.
 */
export function progressPrinter(ctx: CliContext) {
  const tty = ctx.stderr.isTTY === true;
  const started = Date.now();
  let shown = false;
  let last = 0;
  const status = (text: string, force = false): void => {
    if (!tty) return;
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    ctx.stderr.write(`\r\x1b[2K${text}`);
    shown = true;
  };
  const clear = (): void => {
    if (shown) ctx.stderr.write('\r\x1b[2K');
    shown = false;
  };
  let resumedNoted = false;
  return {
    bytes(label: string, p: DownloadProgress): void {
      if (p.resumedFrom > 0 && !resumedNoted) {
        resumedNoted = true;
        clear();
        ctx.stderr.write(`resuming ${label} at ${formatBytes(p.resumedFrom)}\n`);
      }
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const rate = (p.received - p.resumedFrom) / seconds;
      const of = p.total === null ? '' : ` / ${formatBytes(p.total)} ${Math.floor((100 * p.received) / Math.max(1, p.total))}%`;
      status(`${label}: ${formatBytes(p.received)}${of}  ${formatBytes(rate)}/s`, p.total !== null && p.received === p.total);
    },
    count(label: string, n: number, total: number): void {
      status(`${label}: ${n}/${total}`, n === total);
    },
    note(text: string): void {
      clear();
      ctx.stderr.write(`${text}\n`);
    },
    line(text: string): void {
      clear();
      ctx.stdout.write(`${text}\n`);
    },
    end(): void {
      clear();
    },
  };
}

function formatBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

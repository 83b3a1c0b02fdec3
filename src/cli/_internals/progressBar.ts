/** A one-line progress bar on a TTY (nothing when output is not a terminal). */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string) {
  const started = Date.now();
  let lastDraw = 0;
  const enabled = Boolean(stream.isTTY);
  return {
    update(done: number, total: number, extra = ''): void {
      if (!enabled) return;
      const now = Date.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const secs = (now - started) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      const eta = rate > 0 ? (total - done) / rate : 0;
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(0)}/s ETA ${eta.toFixed(0)}s ${extra}\x1b[K`,
      );
    },
    done(): void {
      if (enabled) stream.write('\r\x1b[K');
    },
  };
}

/** Why a download failed, as data: the CLI turns it into one sentence, specs assert on it. */
export type DownloadFailure =
  | { readonly kind: 'http'; readonly url: string; readonly status: number }
  | { readonly kind: 'network'; readonly url: string; readonly message: string; readonly attempts: number }
  | { readonly kind: 'hash'; readonly url: string; readonly expected: string; readonly actual: string; readonly bytes: number }
  /** The server answered with a web page (Google Drive's quota or virus-scan page), not the file. */
  | { readonly kind: 'not-a-file'; readonly url: string; readonly contentType: string };

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(readonly failure: DownloadFailure) {
    super(describeFailure(failure));
  }
}

function describeFailure(f: DownloadFailure): string {
  switch (f.kind) {
    case 'http':
      return `${f.url}: HTTP ${f.status}`;
    case 'network':
      return `${f.url}: ${f.message} (gave up after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'})`;
    case 'hash':
      return `${f.url}: sha256 mismatch: expected ${f.expected}, got ${f.actual} (${f.bytes} bytes); the download was discarded`;
    case 'not-a-file':
      return `${f.url}: the server sent a web page (${f.contentType}) instead of the file`;
  }
}

/** A Spider 1.0 archive as its authors distribute it (Google Drive, linked from yale-lily.github.io/spider). */
export interface SpiderRelease {
  readonly id: string;
  readonly fileName: string;
  readonly url: string;
  /**
   * sha256 of the archive. The Spider authors publish no checksum; these values were recorded
   * by several independent projects that downloaded the official file (and by Hugging Face
   * mirrors' LFS metadata), all agreeing.
   */
  readonly sha256: string;
  readonly bytes: number;
  readonly description: string;
}

const drive = (id: string): string => `https://drive.usercontent.google.com/download?id=${id}&export=download&confirm=t`;

export const SPIDER_RELEASES: readonly SpiderRelease[] = [
  {
    id: '2024',
    fileName: 'spider_data.zip',
    url: drive('1403EGqzIDoHMdQF4c9Bkyl7dZLZ5Wt6J'),
    sha256: '00636695dabed6b5f4b8328a16b13e069a2f16591d5efcce57660669c85b121b',
    bytes: 205_800_266,
    description: 'spider_data.zip, linked from the Spider page since Feb 2024 (adds the test split)',
  },
  {
    id: '2020',
    fileName: 'spider.zip',
    url: drive('1TqleXec_OykOYFREKKtschzY29dUcVAQ'),
    sha256: '5ddff97bb1d421282c593e8d30ce0ce107270f4dd4a21d60eba4bf287d5956b1',
    bytes: 99_736_136,
    description: 'spider.zip, the 08/03/2020 release (train and dev only)',
  },
];

export const DEFAULT_SPIDER_RELEASE: SpiderRelease = SPIDER_RELEASES[0]!;

/** The known release with this URL or this sha256, if any. */
export function findSpiderRelease(by: { url?: string; sha256?: string }): SpiderRelease | undefined {
  return SPIDER_RELEASES.find((r) => r.url === by.url || r.sha256 === by.sha256?.toLowerCase());
}

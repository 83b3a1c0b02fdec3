/** A value in ../shared/predictions/MANIFEST.tsv that we found to be wrong, and what we ship instead. */
export interface ManifestErratum {
  readonly name: string;
  readonly column: 'raw_sha256';
  /** What MANIFEST.tsv says. */
  readonly listed: string;
  /** What the project manifest says. */
  readonly actual: string;
  readonly why: string;
}

// Checked by hashing the blob at repo@commit:path in a snapshot of shuaichenchang/prompt-text-to-sql:
// the raw files carry "\t<db_id>" on every line, so they cannot hash like the normalised pred.sql,
// yet MANIFEST.tsv lists pred_sha256 as their raw_sha256. A download would be rejected without this.
const WHY =
  'MANIFEST.tsv lists the hash of the normalised pred.sql as raw_sha256; the raw file at the pinned commit ' +
  'ends every line in "\\t<db_id>" and hashes to the value shipped here';

export const MANIFEST_ERRATA: readonly ManifestErratum[] = [
  {
    name: 'chatgpt-zeroshot-createtable-sel3',
    column: 'raw_sha256',
    listed: '2a435a1e589e92570b70e0104f37100f39e8eb718e692124a4524b14d0995019',
    actual: '6c0d30c593e4688fdaf90edb3bcb054046b8a32122475c12fe834e1349b0226e',
    why: WHY,
  },
  {
    name: 'codex-zeroshot-createtable-sel3',
    column: 'raw_sha256',
    listed: 'f1b29971f03e3efcf1c5c51f348327605ef035e36eab9901e9a8e87bcfa080be',
    actual: '11a3692917404e3d12f8e37393319c73920b9cd29d466a6e84cc08d4d97436a8',
    why: WHY,
  },
];

// The project's copy of the published-set metadata (src/data/published/manifest.json) must match
// the shared data it was made from: ../shared/predictions/MANIFEST.tsv and each SOURCE.json.
// Regenerate after the shared manifest changes:
//   T2SQL_WRITE_MANIFEST=1 npx vitest run specs/data/published-manifest.spec.ts
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { buildPublishedManifest, type PublishedManifest } from '../../src/data/published/buildPublishedManifest.ts';
import manifest from '../../src/data/published/manifest.json' with { type: 'json' };
import { MANIFEST_ERRATA } from '../../src/data/published/manifestErrata.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const predictions = path.join(resolveDataRoot({ env: process.env['T2SQL_DATA'] }).dir, 'predictions');
const tsvFile = path.join(predictions, 'MANIFEST.tsv');
const manifestFile = new URL('../../src/data/published/manifest.json', import.meta.url);

function fromShared(): PublishedManifest {
  return buildPublishedManifest({
    tsv: fs.readFileSync(tsvFile, 'utf8'),
    sourceOf: (name) => JSON.parse(fs.readFileSync(path.join(predictions, name, 'SOURCE.json'), 'utf8')) as unknown,
  });
}

describe('src/data/published/manifest.json against the shared predictions', () => {
  requireData([tsvFile], fetchData.shared);
  test('is exactly what MANIFEST.tsv + SOURCE.json (+ the documented errata) give', () => {
    const built = fromShared();
    if (process.env['T2SQL_WRITE_MANIFEST'] === '1') fs.writeFileSync(manifestFile, `${JSON.stringify(built, null, 2)}\n`);
    expect(manifest).toEqual(JSON.parse(JSON.stringify(built)));
  });

  test('every pred.sql in the shared data hashes to its pred_sha256', () => {
    for (const s of (manifest as PublishedManifest).sets) {
      const bytes = fs.readFileSync(path.join(predictions, s.name, 'pred.sql'));
      expect(crypto.createHash('sha256').update(bytes).digest('hex'), s.name).toBe(s.predSha256);
    }
  });

  test('each erratum corrects a raw_sha256 that MANIFEST.tsv copied from pred_sha256', () => {
    // The raw files of these sets end every line in "\t<db_id>", so their hash cannot be that of the
    // normalised pred.sql; the listed value is exactly pred_sha256, which is how the slip shows.
    for (const e of MANIFEST_ERRATA) {
      const set = (manifest as PublishedManifest).sets.find((s) => s.name === e.name)!;
      expect(e.listed).toBe(set.predSha256);
      expect(set.rawSha256).toBe(e.actual);
      expect(e.actual).not.toBe(e.listed);
    }
  });
});

describe('buildPublishedManifest', () => {
  const header = 'name\tlines\tmodel\tsize\tcondition\tgroup\trepo\tcommit\tsource_path\treported_by_authors\tnotes\traw_sha256\traw_format\tpred_sha256';
  const h = (c: string): string => c.repeat(64);
  const row = (notes: string): string =>
    ['s1', '1034', 'M', '7B', 'c', 'g', 'o/r', 'a'.repeat(40), 'p.txt', '', notes, h('1'), 'lines', h('2')].join('\t');
  const source = { repo: 'o/r', commit: 'a'.repeat(40), path: 'p.txt', format: 'lines', encoding: 'gbk', model: 'M', size: '7B', condition: 'c', reported: '', notes: 'said "hi"' };

  test('reads quoted TSV cells and takes the encoding from SOURCE.json', () => {
    const m = buildPublishedManifest({ tsv: `${header}\n${row('"said ""hi""; raw file encoding gbk"')}\n`, sourceOf: () => source, errata: [] });
    expect(m.sets).toEqual([
      { name: 's1', lines: 1034, model: 'M', size: '7B', condition: 'c', group: 'g', repo: 'o/r', commit: 'a'.repeat(40), path: 'p.txt', reported: '', notes: 'said "hi"; raw file encoding gbk', encoding: 'gbk', rawSha256: h('1'), rawFormat: 'lines', predSha256: h('2') },
    ]);
  });

  test('disagreement between MANIFEST.tsv and SOURCE.json, or a stale erratum, is an error naming the set', () => {
    expect(() => buildPublishedManifest({ tsv: `${header}\n${row('x')}\n`, sourceOf: () => ({ ...source, notes: 'x', commit: 'b'.repeat(40) }), errata: [] })).toThrow(/s1: SOURCE.json commit/);
    const stale = [{ name: 's1', column: 'raw_sha256' as const, listed: h('9'), actual: h('8'), why: '' }];
    expect(() => buildPublishedManifest({ tsv: `${header}\n${row('x')}\n`, sourceOf: () => ({ ...source, notes: 'x' }), errata: stale })).toThrow(/erratum expects raw_sha256/);
  });
});

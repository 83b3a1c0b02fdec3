import { dataRootFor, t2sqlHome } from '../_internals/common.ts';
import { progressPrinter } from '../_internals/downloadProgress.ts';
import { dataAudit } from '../_internals/dataAudit.ts';
import { defineCommand, flagged } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';
import { InputError } from '../../data/InputError.ts';
import { DownloadError } from '../../data/download/DownloadError.ts';
import { downloadPublishedPredictions } from '../../data/download/downloadPublishedPredictions.ts';
import { downloadSpider } from '../../data/download/downloadSpider.ts';
import { DEFAULT_SPIDER_RELEASE, SPIDER_RELEASES } from '../../data/download/spiderReleases.ts';
import { UnzipError } from '../../data/download/unzipSafe.ts';
import { predictionSetCatalogue, publishedReplySets } from '../../data/published/publishedReplySets.ts';
import { compareReplyExtraction, describeReplyExtraction } from '../../study/compareReplyExtraction.ts';

const releases = SPIDER_RELEASES.map((r) => `  ${r.id}  ${r.description}\n        ${r.url}\n        sha256 ${r.sha256} (${r.bytes} bytes)`).join('\n');

const help = `t2sql data — download the data t2sql needs into the data root

Usage:
  t2sql data spider [--data DIR] [--release ID | --url URL] [--sha256 HEX] [--zip FILE] [--force] [--keep-zip]
  t2sql data predictions [--data DIR] [--only NAME,...] [--force] [--list] [--base-url URL]
  t2sql data audit [--split dev|train] [--gold FILE] [--json]   ambiguous gold queries (row/tie order)

Data root: --data DIR, else $T2SQL_DATA, else ./data, else ../shared.

spider
  Downloads Spider 1.0 (CC BY-SA 4.0) from its authors' Google Drive, the file linked from
  https://yale-lily.github.io/spider, and unpacks it to <root>/spider/ (dev.json, tables.json,
  dev_gold.sql, train_spider.json, train_gold.sql, database/<db>/<db>.sqlite). An interrupted
  download resumes where it stopped (<root>/.t2sql-download/*.part): just run the command again.
  Known releases (--release ID, default ${DEFAULT_SPIDER_RELEASE.id}):
${releases}
  The Spider authors publish no checksum. The hashes above were recorded independently by
  several projects that downloaded the official files, and they agree; a mismatch is refused.
  With --url for a file we do not know, nothing is checked unless you give --sha256; the hash of
  what was downloaded is printed either way.
  --zip FILE   unpack an archive you downloaded yourself (e.g. when Google Drive refuses scripts)
  --force      reinstall even if <root>/spider exists; the old folder is renamed to spider.old-<time>
  --keep-zip   keep the downloaded archive instead of removing it after unpacking

predictions
  Downloads the ${predictionSetCatalogue().length} published Spider dev prediction sets from their source repositories at
  pinned commits (raw.githubusercontent.com/<repo>/<commit>/<path>), checks each file's sha256,
  normalises it to one SQL per line and writes <root>/predictions/<name>/pred.sql, kept only if it
  hashes to the published value. Sets already present are skipped. Sets of raw model replies (Qwen2.5-Coder)
  also keep replies.jsonl; t2sql's extractSql is run on them and compared with pred.sql (lines that differ, EX of each).
  --only A,B   only these sets (--list shows the names)
  --force      replace a pred.sql that differs (the old one is renamed aside, not deleted)
  --base-url   fetch from a mirror with the same <owner>/<repo>/<commit>/<path> layout
`;

const spider = flagged({
  flags: {
    data: flag.string(), url: flag.string(), release: flag.choice(SPIDER_RELEASES.map((r) => r.id)), sha256: flag.string(), zip: flag.string(),
    force: flag.boolean(), 'keep-zip': flag.boolean(),
  },
  run: async (ctx, values) => {
    if (values.url !== undefined && values.release !== undefined) throw new InputError('give --url or --release, not both');
    const release = SPIDER_RELEASES.find((r) => r.id === values.release);
    const root = dataRootFor(ctx, values.data);
    const progress = progressPrinter(ctx);
    try {
      const result = await downloadSpider(root.dir, {
        url: values.url ?? release?.url,
        sha256: values.sha256,
        zipFile: values.zip,
        force: values.force,
        keepZip: values['keep-zip'],
        onEvent: (e) => (e.phase === 'download' ? progress.bytes('spider', e.progress) : e.phase === 'verify' ? progress.note(`hashing ${e.file}`) : progress.count('unpacking', e.progress.entries, e.progress.totalEntries)),
      });
      progress.end();
      if (result.kind === 'present') {
        ctx.stdout.write(`Spider is already present at ${result.dir} (use --force to reinstall)\n`);
        return 0;
      }
      const a = result.archive;
      ctx.stdout.write(`Spider installed at ${result.dir}\n`);
      ctx.stdout.write(`  archive ${a.source}\n  ${a.bytes} bytes, sha256 ${a.sha256} (${a.check === 'verified' ? 'verified' : 'NOT verified: no expected hash; pass --sha256 to check'})\n`);
      if (result.movedAside) ctx.stdout.write(`  the previous folder was moved to ${result.movedAside}\n`);
      for (const w of result.warnings) ctx.stdout.write(`  warning: ${w}\n`);
      return 0;
    } catch (err) {
      progress.end();
      if (err instanceof DownloadError || err instanceof UnzipError) {
        ctx.stderr.write(`t2sql data spider: ${err.message}\n`);
        if (err instanceof DownloadError && err.failure.kind === 'not-a-file') {
          ctx.stderr.write(`  Google Drive sometimes refuses scripted downloads: download the file in a browser from\n  https://yale-lily.github.io/spider and run: t2sql data spider --zip <file>\n`);
        }
        if (err instanceof DownloadError && err.failure.kind === 'network') ctx.stderr.write('  run the same command again to resume\n');
        return 1;
      }
      throw err;
    }
  },
});

const predictions = flagged({
  flags: { data: flag.string(), only: flag.list(predictionSetCatalogue().map((s) => s.name), []), force: flag.boolean(), list: flag.boolean(), 'base-url': flag.string() },
  run: async (ctx, values) => {
    if (values.list) {
      for (const s of predictionSetCatalogue()) ctx.stdout.write(`${s.name}\t${s.model}\t${s.size}\t${s.condition}\n`);
      return 0;
    }
    const only = values.only.length > 0 ? values.only : undefined;
    const root = dataRootFor(ctx, values.data);
    const progress = progressPrinter(ctx);
    const total = only?.length ?? predictionSetCatalogue().length;
    let done = 0;
    const result = await downloadPublishedPredictions(root.dir, {
      only,
      force: values.force,
      rawBaseUrl: values['base-url'],
      onEvent: (e) => {
        if (e.kind === 'progress') progress.bytes(e.name, e.progress);
        if (e.kind !== 'done') return;
        done++;
        const o = e.outcome;
        if (o.kind === 'failed') progress.line(`✗ ${o.name}: ${o.message}`);
        else if (o.kind === 'installed') progress.line(`✓ ${o.name}${o.movedAside ? ` (old file kept as ${o.movedAside})` : ''}`);
        progress.count('prediction sets', done, total);
      },
    });
    progress.end();
    const count = (k: string): number => result.outcomes.filter((o) => o.kind === k).length;
    ctx.stdout.write(`${result.dir}: ${count('installed')} installed, ${count('present')} already present, ${count('failed')} failed\n`);
    for (const o of result.outcomes.filter((x) => x.kind !== 'failed' && publishedReplySets().some((s) => s.name === x.name))) ctx.stdout.write(describeReplyExtraction(await compareReplyExtraction(root.dir, o.name, { home: t2sqlHome(ctx) })));
    return count('failed') > 0 ? 1 : 0;
  },
});

export const command = defineCommand({
  name: 'data',
  summary: 'download Spider 1.0 and the published prediction sets',
  help,
  subcommands: { spider, predictions, audit: dataAudit },
  async otherwise(ctx, sub) {
    ctx.stderr.write(`t2sql data: expected 'spider', 'predictions' or 'audit'${sub ? `, got '${sub}'` : ''}\n\n${help}`);
    return 2;
  },
});

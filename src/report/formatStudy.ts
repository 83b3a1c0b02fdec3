import { cell, pv, signed, withCi } from './markdownCells.ts';
import type { PairedDifference, ReportData, StudyCell } from './ReportData.ts';
const diff = (d: PairedDifference): string => `${signed(d.difference)} [${signed(d.ci[0])}, ${signed(d.ci[1])}]`;

/** What a cell the report does not score shows instead of its EX. */
const STATE_TEXT: Record<StudyCell['state'], string> = {
  scored: 'scored',
  generated: 'generated',
  partial: 'partial (resume it)',
  missing: 'not run',
  'no-adapter': 'adapter not trained',
  conflict: 'store holds other settings',
};

/** The replies sets: t2sql's `extractSql` beside the authors' pred.sql. */
export function replyExtractionLines(data: ReportData): string[] {
  if (data.replyExtraction.length === 0) return [];
  const out = [
    'Each published run is a file of raw model replies and the SQL its authors took out of them (`pred.sql`, scored above). t2sql takes the SQL out of the same replies with its own `extractSql` (the extraction the study\'s cells use); the two extractions, scored alike (a − b: t2sql\'s minus the authors\', paired bootstrap CI, exact McNemar, exploratory):',
    '',
    '| run | replies | SQL differs | no SQL found by t2sql | EX % t2sql extraction [95% CI] | EX % authors\' extraction [95% CI] | a − b [95% CI] | right only with t2sql\'s | right only with the authors\' | p |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of data.replyExtraction) {
    out.push(`| \`${r.set}\` | ${r.n} | ${r.differing} | ${r.oursNoSql} | ${withCi(r.ours)} | ${withCi(r.authors)} | ${diff(r.comparison)} | ${r.comparison.onlyA} | ${r.comparison.onlyB} | ${pv(r.comparison.p)} |`);
  }
  out.push('');
  return out;
}

/** The study's matrix: one row per model, condition and question set; one column per schema representation. */
export function studyMatrixLines(data: ReportData): string[] {
  const study = data.study!;
  const schemas = [...new Set(study.cells.map((c) => c.schema))];
  const allRuns = study.cells.map((c) => c.run);
  const rows = new Map<string, StudyCell[]>();
  for (const c of study.cells) {
    const key = `${c.model} — ${c.condition}\0${c.slice ?? ''}`;
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  const out = [
    `The study's cells (\`experiments/${study.experiment}.json\`): EX % [95% CI] on the cell's questions where the run store holds the run; where it does not, what \`t2sql study plan\` says of it, with the command that fills the row (\`t2sql study run\` starts vLLM for the Qwen models and uses LLMGateway for the frontier models; it generates only what the store lacks, then scores). This table is the schema ablation: one column per schema representation; rows on a seeded slice name it, and n is the number of questions of the row.`,
    '',
    `| model — condition | questions | n | ${schemas.join(' | ')} | fills the missing cells |`,
    `|---|---|---|${schemas.map(() => '---').join('|')}|---|`,
  ];
  for (const cells of rows.values()) {
    const first = cells[0]!;
    const values = schemas.map((s) => {
      const c = cells.find((x) => x.schema === s);
      if (!c) return '';
      const r = c.present ? data.systems.find((x) => x.name === `${c.experiment}/${c.run}`) : undefined;
      return r ? withCi(r.ex) : STATE_TEXT[c.state];
    });
    const missing = cells.filter((c) => !c.present);
    const fill = missing.length === 0 ? '—' : `\`npx t2sql study run --experiment ${study.experiment} ${runFlags(missing.map((c) => c.run), allRuns)}\``;
    const questions = first.slice ? `slice ${first.slice} (seeded)` : 'full dev';
    out.push(`| ${cell(`${first.model} — ${first.condition}`)} | ${questions} | ${first.questions} | ${values.join(' | ')} | ${fill} |`);
  }
  out.push('');
  return out;
}

/** Where a seeded slice and full dev disagree: per ablation row, ranks, intervals and paired tests on both. */
export function sliceAgreementLines(data: ReportData): string[] {
  const study = data.study;
  if (!study) return [];
  const sliceNames = [...new Set(study.cells.filter((c) => c.slice !== null).map((c) => c.slice!))];
  if (sliceNames.length === 0) return [];
  const out = ['### Seeded slice vs full dev', ''];
  if (study.slices.length === 0) {
    out.push(`The schema ablation also runs on the seeded slice${sliceNames.length > 1 ? 's' : ''} ${sliceNames.map((s) => `\`${s}\``).join(', ')}; no sliced cell and its full-dev twin are both in the run store yet, so where the slice and full dev disagree is not known (fill both with \`npx t2sql study run --experiment ${study.experiment}\`).`);
    out.push('');
    return out;
  }
  out.push('The same model, condition and representation on the seeded slice and on full dev. Per representation: EX % [95% CI] and its rank (1 = best) on each. Then each representation against the row\'s reference (a − b in points, paired bootstrap 95% CI, exact McNemar two-sided; exploratory, no multiplicity correction). "Reversed" counts the pairs of representations (all of them, not only those with the reference) that the slice orders otherwise than full dev.');
  out.push('');
  for (const a of study.slices) {
    const full = a.cells[0]!.full.n;
    out.push(`**${cell(a.model)} — ${a.condition}**, slice \`${a.slice}\` (n = ${a.n}) vs full dev (n = ${full}): ${a.reversed} of ${a.orderedPairs} pairs of representations reversed; ${a.significant.slice} of ${a.orderedPairs} pairs differ at p < ${data.stats.alpha} on the slice, ${a.significant.full} on full dev.`);
    out.push('');
    out.push(`| representation | EX % slice [95% CI] | rank | EX % full dev [95% CI] | rank | vs ${a.reference} on the slice | p | vs ${a.reference} on full dev | p |`);
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const c of a.cells) {
      const p = a.pairs.find((x) => x.a === c.schema);
      const vs = p ? `${diff(p.slice)} | ${pv(p.slice.p)} | ${diff(p.full)} | ${pv(p.full.p)}` : 'reference | — | reference | —';
      const flag = c.sliceRank !== c.fullRank ? ' (≠)' : '';
      out.push(`| ${c.schema} | ${withCi(c.slice)} | ${c.sliceRank}${flag} | ${withCi(c.full)} | ${c.fullRank} | ${vs} |`);
    }
    out.push('');
  }
  return out;
}

/**
 * `--run` flags that select exactly `names` of the experiment's runs (`all`): one pattern, their
 * common prefix and suffix around a `*` (a `*` matches any characters, as `t2sql study run`
 * reads it), where it selects no other run; else one flag per name.
 */
function runFlags(names: readonly string[], all: readonly string[]): string {
  const flag = (p: string) => `--run '${p}'`;
  if (names.length === 1) return flag(names[0]!);
  let p = names[0]!;
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  let s = names[0]!.slice(p.length);
  for (const n of names) while (!n.slice(p.length).endsWith(s)) s = s.slice(1);
  const selects = (n: string) => n.length >= p.length + s.length && n.startsWith(p) && n.endsWith(s);
  const exact = all.every((n) => selects(n) === names.includes(n));
  return exact ? flag(`${p}*${s}`) : names.map(flag).join(' ');
}

import { describeGenerationSummary } from '../generate/describeGeneration.ts';
import type { StudyPlan } from './planStudy.ts';
import type { StudyEvent, StudyRunResult } from './runStudy.ts';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The study's matrix as a table (one line per cell: what the store has, what is missing), then the estimate. */
export function describeStudyPlan(plan: StudyPlan, commands: { readonly run: string }): string {
  const header = ['run', 'model', 'schema', 'shots', 'questions', 'state', 'done', 'EX'];
  const rows = plan.cells.map((c) => {
    const def = c.cell.plan.def;
    const items = c.cell.indices.length * def.samples;
    return [
      def.name,
      `${def.model}${def.adapter ? ` + ${def.adapter.name}` : ''}`,
      def.prompt.schema,
      String(def.prompt.shots),
      def.slice ? `${def.slice.name} (${c.cell.indices.length}, seed ${def.slice.seed})` : `all ${c.cell.indices.length}`,
      c.state,
      `${c.completed}/${items}`,
      c.accuracy === null ? '-' : `${(100 * c.accuracy).toFixed(1)}%`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  const count = (state: string): number => plan.cells.filter((c) => c.state === state).length;
  const out = [line(header), ...rows.map(line), ''];
  out.push(`${plan.cells.length} cells: ${count('scored')} scored, ${count('generated')} generated (not scored), ${count('partial')} partial, ${count('missing')} missing, ${count('no-adapter')} waiting for an adapter (t2sql train)${count('conflict') ? `, ${count('conflict')} in conflict with a stored run of the same name (other settings; listed by t2sql study run)` : ''}`);
  const e = plan.estimate;
  if (e) {
    out.push(`still to generate: ${int(e.requests)} requests (at most: completions the store's cache holds are replayed free), ${int(e.promptTokens)} prompt tokens (counted with ${e.tokenizer || 'the prompt builder\'s tokenizer'}), ~${int(e.completionTokens)} completion tokens (${e.completionTokensPerRequest.value.toFixed(0)} per request, ${e.completionTokensPerRequest.source === 'stored' ? 'the mean of the stored completions' : 'assumed: none stored yet'})`);
    for (const g of e.gpu) {
      out.push(`  ${g.model}: ${int(g.requests)} requests, ${int(g.promptTokens)} + ${int(g.completionTokens)} tokens → ~${duration(g.gpuSeconds)} of GPU (assumed ${int(g.throughput.prefillTps)} prompt tok/s, ${int(g.throughput.decodeTps)} generated tok/s, ${g.throughput.loadSeconds} s to load)`);
    }
    if (e.gpu.length > 0) out.push(`GPU time: ~${duration(e.gpuSeconds)} on one GPU, assuming vLLM on an H100 at the throughputs above (not measured; --prefill-tps / --decode-tps give yours)`);
  }
  if (count('scored') < plan.cells.length) out.push(`fill the missing cells with: ${commands.run}`);
  return out.join('\n') + '\n';
}

/** One line per event of `t2sql study run`. */
export function describeStudyEvent(e: StudyEvent): string {
  switch (e.kind) {
    case 'launch':
      return `starting vLLM for ${e.model}${e.loras.length ? ` with ${e.loras.map((l) => l.name).join(', ')}` : ''}`;
    case 'ready':
      return `vLLM serves ${e.model} at ${e.baseUrl}`;
    case 'stopped':
      return `vLLM for ${e.model} stopped`;
    case 'generated':
      return `${describeGenerationSummary(e.label, e.summary)} (${e.endpoint})`;
    case 'scored':
      return `scored ${e.label}: EX ${(100 * e.accuracy).toFixed(1)}% (n = ${e.n})`;
    case 'skipped':
      return `skipped ${e.label}: ${e.reason}`;
  }
}

/** The closing line of `t2sql study run`. */
export function describeStudyRun(r: StudyRunResult): string {
  return `study: ${r.generated} cell(s) generated (${r.fetched} completions requested, ${r.failed} failed), ${r.scored} scored, ${r.skipped} skipped`;
}

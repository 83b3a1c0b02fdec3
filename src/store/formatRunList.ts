import type { PlannedRun } from '../generate/planRuns.ts';
import type { RunSummary } from './RunStore.ts';

/**
 * The runs as an aligned table, one line per run: status (finished, failures, partial),
 * completions / n, failed, cached, mean latency; then a note for each run whose completions
 * came from more than one endpoint.
 */
export function formatRunList(runs: readonly RunSummary[]): string {
  const header = ['experiment', 'run', 'model', 'schema', 'shots', 'status', 'done/n', 'failed', 'cached', 'latency', 'started'];
  const rows = runs.map(describe);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const notes = runs.filter((r) => r.endpoints.length > 1).map((r) => `${r.experiment}/${r.name}: completions from ${r.endpoints.length} endpoints (${r.endpoints.join(', ')})`);
  return [line(header), ...rows.map(line), ...notes].join('\n') + '\n';
}

function describe(r: RunSummary): string[] {
  const origin = r.origin;
  const model = origin.kind === 'generated' ? `${origin.config.model}${origin.config.adapter ? `+${origin.config.adapter.name}` : ''}` : 'imported';
  const schema = origin.kind === 'generated' ? origin.config.prompt.schema : '-';
  const shots = origin.kind === 'generated' ? String(origin.config.prompt.shots) : '-';
  return [
    r.experiment,
    r.name,
    model,
    schema,
    shots,
    r.status,
    `${r.completed}/${r.n}`,
    String(r.failed),
    String(r.cached),
    r.meanLatencyMs === null ? '-' : `${Math.round(r.meanLatencyMs)} ms`,
    r.startedAt.slice(0, 16).replace('T', ' '),
  ];
}

/** An experiment's planned runs (`t2sql generate --list`), each with what the store holds of it. */
export function formatPlannedRuns(planned: readonly PlannedRun[], stored: readonly RunSummary[]): string {
  const held = new Map(stored.map((r) => [`${r.experiment}/${r.name}`, r]));
  return planned
    .map(({ experiment, def }) => {
      const r = held.get(`${experiment}/${def.name}`);
      const status = r ? `${r.status} (${r.completed}/${r.n}, ${r.failed} failed)` : 'not started';
      return `${def.name.padEnd(44)} ${def.model}${def.adapter ? ` + ${def.adapter.name}` : ''} · ${def.prompt.schema} · ${def.prompt.shots} shot(s) · ${def.api}  ${status}\n`;
    })
    .join('');
}

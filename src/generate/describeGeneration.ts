import type { RunStart } from './generatePlannedRun.ts';
import type { GenerationSummary } from './generateRun.ts';

/** "starting qwen/keys: Qwen… · keys@1 · 0 shot(s) · chat · n=1034", and an endpoint change if any. */
export function describeRunStart(s: RunStart): string {
  const { config } = s;
  const samples = config.samples > 1 ? ` × ${config.samples} samples` : '';
  const line = `${s.resumed ? 'resuming' : 'starting'} ${s.label}: ${s.model} · ${s.representation} · ${config.prompt.shots} shot(s) · ${config.api} · n=${s.n}${samples}`;
  return s.endpointChange ? `${line}\nendpoint changed from ${s.endpointChange.from} to ${s.endpointChange.to} (allowed; recorded with each new completion)` : line;
}

/** What Ctrl-C does, said when it is pressed: what happens to the requests in flight and what is kept. */
export function describeInterrupt(inFlight: number): string {
  const requests = inFlight > 0 ? `cancelling ${inFlight} request(s) in flight (not recorded; asked again on resume)` : 'no request in flight';
  return `interrupted: ${requests}; every completion received so far is stored. Run the same command again to resume; Ctrl-C again quits at once.`;
}

/** One line: how the invocation ended and what it cost. */
export function describeGenerationSummary(label: string, s: GenerationSummary): string {
  const latency = s.latencyMs ? `, latency mean ${Math.round(s.latencyMs.mean)} ms p95 ${Math.round(s.latencyMs.p95)} ms` : '';
  const tokens = s.fetched > 0 ? `, tokens ${s.tokens.prompt} in / ${s.tokens.completion} out` : '';
  const others = s.byOthers > 0 ? `${s.byOthers} by another process, ` : '';
  return (
    `${label}: ${s.aborted ? 'interrupted' : 'done'} · ${s.total} total: ${s.resumed} already stored, ${s.fetched} fetched, ${s.cached} cached, ${others}` +
    `${s.failed} failed, ${s.noSql} without SQL · ${s.retries} retries · ${(s.elapsedMs / 1000).toFixed(1)} s${latency}${tokens}`
  );
}

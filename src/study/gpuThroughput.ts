/**
 * What `t2sql study plan` assumes a GPU does, to turn tokens into time. These are assumptions, not
 * measurements: vLLM with continuous batching on one H100 80 GB, bf16, prompts of a few hundred
 * tokens and answers of a few dozen. The plan prints them beside its estimate; --prefill-tps and
 * --decode-tps replace them with numbers measured on the user's own hardware.
 */
export interface GpuThroughput {
  /** Prompt tokens processed per second (prefill), all requests together. */
  readonly prefillTps: number;
  /** Tokens generated per second (decode), all requests together. */
  readonly decodeTps: number;
  /** Seconds to start vLLM and load the model (and its adapters). */
  readonly loadSeconds: number;
}

const bySize: readonly { readonly upToB: number; readonly throughput: GpuThroughput }[] = [
  { upToB: 2, throughput: { prefillTps: 60_000, decodeTps: 6_000, loadSeconds: 90 } },
  { upToB: 4, throughput: { prefillTps: 40_000, decodeTps: 4_500, loadSeconds: 100 } },
  { upToB: 8, throughput: { prefillTps: 20_000, decodeTps: 2_500, loadSeconds: 120 } },
  { upToB: Infinity, throughput: { prefillTps: 8_000, decodeTps: 1_000, loadSeconds: 240 } },
];

/** Parameters in billions as the model id says (`Qwen/Qwen2.5-Coder-1.5B-Instruct` → 1.5), else null. */
export function modelSizeB(model: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*[bB](?![a-zA-Z])/.exec(model.split('/').at(-1) ?? model);
  return m ? Number(m[1]) : null;
}

/** The assumed throughput of a model (by its size; a model of unknown size is taken as 7B), with overrides. */
export function assumedThroughput(model: string, override: Partial<GpuThroughput> = {}): GpuThroughput {
  const size = modelSizeB(model) ?? 7;
  const base = bySize.find((b) => size <= b.upToB)!.throughput;
  return { ...base, ...override };
}

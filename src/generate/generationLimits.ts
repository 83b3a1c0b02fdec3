/**
 * The ranges a run's settings must fall in, for experiment files and command-line flags alike:
 * beyond them a setting is a mistake (a typo, a unit slip), never a bigger run.
 */
export const generationLimits = {
  /** Requests in flight at once: HTTP sockets, not processes, but a server queues the rest anyway. */
  concurrency: { min: 1, max: 256 },
  /** Samples per example (self-consistency). */
  samples: { min: 1, max: 100 },
  /** Few-shot examples per prompt. */
  shots: { min: 0, max: 64 },
  /** Attempts per completion, the first included. */
  attempts: { min: 1, max: 20 },
  /** Seconds one request may take. */
  requestTimeoutS: { min: 1, max: 86_400 },
  /** New tokens per completion. */
  maxTokens: { min: 1, max: 262_144 },
  /** Decoding seed (sent as seed + sample index, which must stay a 32-bit integer). */
  seed: { min: 0, max: 2_147_483_647 - 100 },
} as const;

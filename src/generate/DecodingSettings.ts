/**
 * The settings that change what a model writes; recorded with every completion and part of the
 * cache key. (Timeouts and retries change only whether we get an answer, so they live elsewhere.)
 */
export interface DecodingSettings {
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  /** Sent as `seed + sample index`, so repeated samples are distinct draws; null = no seed. */
  readonly seed: number | null;
  readonly stop: readonly string[];
}

/** Greedy decoding, the study's default: temperature 0, top_p 1, 512 new tokens, no seed. */
export function decodingSettings(partial: Partial<DecodingSettings> = {}): DecodingSettings {
  const settings: DecodingSettings = {
    temperature: partial.temperature ?? 0,
    topP: partial.topP ?? 1,
    maxTokens: partial.maxTokens ?? 512,
    seed: partial.seed ?? null,
    stop: [...(partial.stop ?? [])],
  };
  const problems: string[] = [];
  if (!(settings.temperature >= 0 && settings.temperature <= 2)) problems.push(`temperature ${settings.temperature} is outside [0, 2]`);
  if (!(settings.topP > 0 && settings.topP <= 1)) problems.push(`topP ${settings.topP} is outside (0, 1]`);
  if (!(Number.isInteger(settings.maxTokens) && settings.maxTokens > 0)) problems.push(`maxTokens ${settings.maxTokens} is not a positive integer`);
  if (settings.seed !== null && !Number.isInteger(settings.seed)) problems.push(`seed ${settings.seed} is not an integer`);
  if (settings.stop.some((s) => typeof s !== 'string' || s === '')) problems.push('stop sequences must be non-empty strings');
  if (problems.length > 0) throw new RangeError(`invalid decoding settings: ${problems.join('; ')}`);
  return settings;
}

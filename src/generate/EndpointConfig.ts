/**
 * Where completions come from. Every backend speaks the OpenAI API; the profile only fills
 * defaults and says how the model is addressed (vLLM serves LoRA adapters under their own name).
 */
export type EndpointProfile = 'vllm' | 'llmgateway' | 'openai-compatible';

export const endpointProfiles: readonly EndpointProfile[] = ['vllm', 'llmgateway', 'openai-compatible'];

export interface EndpointConfig {
  readonly profile: EndpointProfile;
  /** Base URL including the `/v1` suffix, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string;
  /** NAME of the environment variable holding the API key (the CLI reads it); null = no key. */
  readonly apiKeyEnv: string | null;
  /** Extra request headers (non-secret; they are not part of the cache key). */
  readonly headers: Readonly<Record<string, string>>;
}

const profileDefaults: Record<EndpointProfile, { baseUrl?: string; apiKeyEnv: string | null }> = {
  vllm: { baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: null },
  llmgateway: { baseUrl: 'https://api.llmgateway.io/v1', apiKeyEnv: 'LLMGATEWAY_API_KEY' },
  'openai-compatible': { apiKeyEnv: null },
};

export function endpointConfig(input: {
  profile?: EndpointProfile;
  baseUrl?: string;
  apiKeyEnv?: string | null;
  headers?: Record<string, string>;
}): EndpointConfig {
  const profile = input.profile ?? 'openai-compatible';
  if (!endpointProfiles.includes(profile)) throw new RangeError(`unknown endpoint profile '${String(profile)}' (use ${endpointProfiles.join(', ')})`);
  const defaults = profileDefaults[profile];
  const baseUrl = input.baseUrl ?? defaults.baseUrl;
  if (!baseUrl) throw new RangeError(`endpoint profile '${profile}' needs a base URL`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError(`endpoint base URL '${baseUrl}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`endpoint base URL '${baseUrl}' must be http(s)`);
  if (url.username || url.password) throw new RangeError('put credentials in an environment variable (apiKeyEnv), not in the endpoint URL');
  return {
    profile,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKeyEnv: input.apiKeyEnv === undefined ? defaults.apiKeyEnv : input.apiKeyEnv,
    headers: { ...(input.headers ?? {}) },
  };
}

/**
 * Which server answered, for the cache key: the normalised base URL, never the key, headers,
 * timeouts or retry settings (nor the profile, which only fills defaults).
 * `http://LOCALHOST:8000/v1/` and `http://localhost:8000/v1` are the same endpoint.
 */
export function endpointIdentity(config: Pick<EndpointConfig, 'baseUrl'>): string {
  const url = new URL(config.baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

import type { DecodingSettings } from './DecodingSettings.ts';
import type { ChatMessage } from '../prompt/ChatMessage.ts';

/** What is sent: chat messages (instruct and frontier models) or raw text (base models). */
export type PromptPayload =
  | { readonly kind: 'chat'; readonly messages: readonly ChatMessage[] }
  | { readonly kind: 'text'; readonly text: string };

export interface CompletionRequest {
  /** Model name as the server knows it (for a vLLM LoRA adapter: the adapter's name). */
  readonly model: string;
  readonly prompt: PromptPayload;
  readonly decoding: DecodingSettings;
  /** Which sample of this prompt (0-based); shifts the seed so samples are distinct draws. */
  readonly sample: number;
}

/** The model's answer, before SQL extraction. */
export interface CompletionText {
  readonly text: string;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
}

/** Why a request produced no completion. Failures are data, never prose in the prediction. */
export type GenerationError =
  | { readonly kind: 'http'; readonly status: number; readonly message: string; readonly retryAfterMs: number | null }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'connection'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'aborted' };

export type CompletionResult =
  | { readonly kind: 'ok'; readonly completion: CompletionText; readonly latencyMs: number }
  | { readonly kind: 'error'; readonly error: GenerationError; readonly latencyMs: number };

export interface CompleteOptions {
  readonly signal?: AbortSignal;
}

/** One OpenAI-compatible server. One attempt per call: retries are the caller's policy. */
export interface CompletionBackend {
  /** Endpoint identity for the cache key (no credentials). */
  readonly identity: string;
  complete(request: CompletionRequest, options?: CompleteOptions): Promise<CompletionResult>;
  /** Model ids the server lists at `/v1/models`, to check a run's model before spending on it. */
  listModels(options?: CompleteOptions): Promise<{ kind: 'ok'; models: string[] } | { kind: 'error'; error: GenerationError }>;
}

/** One line for logs and the store. */
export function describeGenerationError(error: GenerationError): string {
  switch (error.kind) {
    case 'http':
      return `HTTP ${error.status}: ${error.message}`;
    case 'timeout':
      return `no response within ${error.ms} ms`;
    case 'connection':
      return `connection failed: ${error.message}`;
    case 'malformed':
      return `malformed response: ${error.message}`;
    case 'aborted':
      return 'aborted';
  }
}

import { JobFailure } from '../queues/job-failure.js';
import type { ChatMessage } from './chat-prompt.js';
import {
  AiFailureCodes,
  failureForFetchError,
  failureForStatus,
  providerErrorCode,
} from './provider-failures.js';

export interface ChatProviderSettings {
  /** Up to the API version: `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Empty: no Authorization header (a local Ollama or vLLM). */
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/** A provider's answer larger than this is not a character: refuse it rather than buffer it. */
const RESPONSE_MAX_BYTES = 1_000_000;

/**
 * `POST <base>/chat/completions` on an OpenAI-compatible API, asking for a JSON object. Only the fields every
 * such API takes (OpenAI, xAI, Ollama, vLLM): model, messages, response_format, temperature, seed.
 */
export class ChatCompletionsClient {
  private readonly url: string;

  constructor(private readonly settings: ChatProviderSettings) {
    this.url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  /** The content of the first choice's message ('' when it has none); throws a JobFailure otherwise. */
  async complete(messages: ChatMessage[], seed?: number): Promise<string> {
    const { apiKey, model, timeoutMs } = this.settings;
    const body = {
      model,
      messages,
      response_format: { type: 'json_object' },
      temperature: 0.8,
      ...(seed === undefined ? {} : { seed }),
    };
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await boundedText(response);
    } catch (error) {
      if (error instanceof JobFailure) throw error;
      throw failureForFetchError(error, timeoutMs);
    }
    const envelope = parsed(text);
    if (status < 200 || status > 299) {
      throw failureForStatus(status, retryAfter, Date.now(), providerErrorCode(envelope));
    }
    if (envelope === undefined) {
      throw JobFailure.transient(
        AiFailureCodes.badResponse,
        'The AI provider answered with something other than JSON',
      );
    }
    const content = envelope?.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : '';
  }
}

/** The part of a chat completion read here; everything may be missing from a broken answer. */
interface ChatCompletion {
  choices?: { message?: { content?: unknown } }[];
}

/** The body as JSON (any JSON: a string or a list reads as a completion without choices). */
function parsed(text: string): ChatCompletion | null | undefined {
  try {
    return JSON.parse(text) as ChatCompletion | null;
  } catch {
    return undefined;
  }
}

async function boundedText(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > RESPONSE_MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop by throwing cancels the stream.
    if (size > RESPONSE_MAX_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = () =>
  JobFailure.transient(
    AiFailureCodes.badResponse,
    `The AI provider's answer is larger than ${RESPONSE_MAX_BYTES} bytes`,
  );

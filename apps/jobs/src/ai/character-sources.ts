import { Logger } from '@nestjs/common';
import type {
  ExtendCharacterData,
  GenerateCharacterData,
  GeneratedCharacterJson,
} from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import { ChatCompletionsClient, type ChatProviderSettings } from './chat-completions.client.js';
import { correctionMessages, extendMessages, generateMessages, type ChatMessage } from './chat-prompt.js';
import { extendCharacter, parseCharacterAnswer } from './generated-character.rules.js';
import { extendLocalCharacter, generateLocalCharacter } from './local-generator.js';
import { AiFailureCodes } from './provider-failures.js';

/** Where characters come from: the configured AI provider, or the local generator when there is none. */
export interface CharacterSource {
  readonly kind: 'provider' | 'local';
  generate(data: GenerateCharacterData): Promise<GeneratedCharacterJson>;
  extend(data: ExtendCharacterData): Promise<GeneratedCharacterJson>;
}

export const CHARACTER_SOURCE = Symbol('CHARACTER_SOURCE');

/** A failure's message stays readable in a toast and in `jobs.job.failed`. */
const FAILURE_MESSAGE_MAX = 1_000;

/** Characters from an OpenAI-compatible chat API; an answer that fails the schema is sent back once to be fixed. */
export class ProviderCharacterSource implements CharacterSource {
  readonly kind = 'provider';
  private readonly logger = new Logger(ProviderCharacterSource.name);
  private readonly client: ChatCompletionsClient;

  constructor(settings: ChatProviderSettings) {
    this.client = new ChatCompletionsClient(settings);
  }

  generate(data: GenerateCharacterData): Promise<GeneratedCharacterJson> {
    return this.ask(generateMessages(data.description), data.seed);
  }

  async extend(data: ExtendCharacterData): Promise<GeneratedCharacterJson> {
    const generated = await this.ask(extendMessages(data.character, data.description), data.seed);
    return extendCharacter(data.character, generated);
  }

  private async ask(messages: ChatMessage[], seed?: number): Promise<GeneratedCharacterJson> {
    const answer = await this.client.complete(messages, seed);
    const first = parseCharacterAnswer(answer);
    if (first.ok) return first.character;
    this.logger.warn(
      { problems: first.problems.length },
      'The AI provider answered with an invalid character; asking again',
    );
    const second = parseCharacterAnswer(
      await this.client.complete(correctionMessages(messages, answer, first.problems), seed),
    );
    if (second.ok) return second.character;
    const message = `The AI provider did not answer with a valid character, even when told what was wrong: ${second.problems.join('; ')}`;
    throw JobFailure.permanent(
      AiFailureCodes.invalidCharacter,
      message.length <= FAILURE_MESSAGE_MAX ? message : `${message.slice(0, FAILURE_MESSAGE_MAX - 1)}…`,
    );
  }
}

/** Characters from the archetype and name tables shipped with the project: repeatable, no network. */
export class LocalCharacterSource implements CharacterSource {
  readonly kind = 'local';

  async generate(data: GenerateCharacterData): Promise<GeneratedCharacterJson> {
    return generateLocalCharacter(data);
  }

  async extend(data: ExtendCharacterData): Promise<GeneratedCharacterJson> {
    return extendLocalCharacter(data);
  }
}

import { AI_DESCRIPTION_MAX } from '../jobs/ai.jobs.js';
import { AiCharacterBody, AiCharacterPayload, AiExtendBody } from './character-ai.dtos.js';
import { refusals } from './dto-checks.spec-support.js';

const ID = '2b7c9a1e-0000-4000-8000-000000000001';

describe('AiCharacterBody', () => {
  it('takes a description, or a character to extend with an optional description', () => {
    expect(refusals(AiCharacterBody, { ai: { description: 'A grumpy sorcerer' } })).toEqual({});
    expect(refusals(AiCharacterBody, { ai: { character_id: ID } })).toEqual({});
    expect(refusals(AiCharacterBody, { ai: { character_id: ID, description: 'A dark past' } })).toEqual({});
  });

  it('needs a description that is not blank when there is no character', () => {
    expect(Object.keys(refusals(AiCharacterBody, { ai: {} }))).toEqual(['ai.description']);
    expect(Object.keys(refusals(AiCharacterBody, { ai: { description: '   ' } }))).toEqual([
      'ai.description',
    ]);
    expect(Object.keys(refusals(AiCharacterBody, { ai: { character_id: ID, description: '' } }))).toEqual([
      'ai.description',
    ]);
  });

  it('refuses overlong descriptions, bad ids, unknown fields and a missing envelope', () => {
    const long = 'x'.repeat(AI_DESCRIPTION_MAX + 1);
    expect(Object.keys(refusals(AiCharacterBody, { ai: { description: long } }))).toEqual(['ai.description']);
    expect(Object.keys(refusals(AiCharacterBody, { ai: { character_id: 'nope' } }))).toEqual([
      'ai.character_id',
    ]);
    expect(Object.keys(refusals(AiCharacterBody, { ai: { description: 'x', seed: 1 } }))).toEqual([
      'ai.seed',
    ]);
    expect(Object.keys(refusals(AiCharacterBody, {}))).toEqual(['ai']);
  });

  it('applies the same rules to the NATS payload', () => {
    expect(refusals(AiCharacterPayload, { description: 'A cop' })).toEqual({});
    expect(Object.keys(refusals(AiCharacterPayload, {}))).toEqual(['description']);
  });
});

describe('AiExtendBody', () => {
  it('takes nothing, or a description', () => {
    expect(refusals(AiExtendBody, {})).toEqual({});
    expect(refusals(AiExtendBody, { ai: { description: 'More kung fu' } })).toEqual({});
    expect(Object.keys(refusals(AiExtendBody, { ai: { description: 7 } }))).toEqual(['ai.description']);
  });
});

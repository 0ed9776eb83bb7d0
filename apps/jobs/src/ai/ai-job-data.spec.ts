import { AI_DESCRIPTION_MAX, ServiceError } from '@shotcaller/contracts';
import { validJobData } from '../queues/job-data.validation.js';

const CAMPAIGN_ID = '5f0c1d8e-2b4a-4c6e-9f1a-3d5e7b9c1a2f';

async function fieldErrors(name: string, data: Record<string, unknown>): Promise<Record<string, string[]>> {
  try {
    await validJobData('ai', name, data);
  } catch (error) {
    if (error instanceof ServiceError) return (error.details as { errors: Record<string, string[]> }).errors;
    throw error;
  }
  throw new Error('the data was accepted');
}

describe('ai job data', () => {
  it('takes a generate_character request with an optional seed', async () => {
    const data = { campaign_id: CAMPAIGN_ID, description: 'A sorcerer', seed: 12 };
    expect(await validJobData('ai', 'generate_character', data)).toEqual(data);
  });

  it('refuses a generate_character request without a campaign, with an overlong description or a bad seed', async () => {
    expect(
      await fieldErrors('generate_character', {
        campaign_id: 'nope',
        description: 'x'.repeat(AI_DESCRIPTION_MAX + 1),
        seed: -1,
        model: 'gpt-5',
      }),
    ).toMatchObject({
      'data.campaign_id': ['is invalid'],
      'data.description': [`is too long (maximum is ${AI_DESCRIPTION_MAX} characters)`],
      'data.seed': expect.any(Array),
      'data.model': ['is not a permitted attribute'],
    });
    expect(await fieldErrors('generate_character', { campaign_id: CAMPAIGN_ID })).toMatchObject({
      'data.description': expect.any(Array),
    });
  });

  it('takes an extend_character request with the character as stored, and bounds it', async () => {
    const character = {
      name: 'Hu',
      action_values: { Type: 'Boss', Guns: 14, Vehicle: false },
      skills: { Gambling: 12 },
      description: { Background: 'Noodles.' },
    };
    expect(await validJobData('ai', 'extend_character', { campaign_id: CAMPAIGN_ID, character })).toEqual({
      campaign_id: CAMPAIGN_ID,
      character,
    });
    const errors = await fieldErrors('extend_character', {
      campaign_id: CAMPAIGN_ID,
      character: { name: '', action_values: { Type: 'Hero' }, skills: { Gambling: 'lots' } },
    });
    expect(Object.values(errors).flat().sort()).toEqual([
      '"Gambling" must be a whole number or null',
      '"Type" must be one of: PC, Ally, Mook, Featured Foe, Boss, Uber-Boss',
      "can't be blank",
    ]);
    expect(Object.keys(errors).sort()).toEqual([
      'data.character.action_values',
      'data.character.name',
      'data.character.skills',
    ]);
  });

  it('refuses a job name the ai queue does not run', async () => {
    expect(await fieldErrors('summon_dragon', { campaign_id: CAMPAIGN_ID })).toEqual({
      name: ['is not a job of the ai queue'],
    });
  });
});

import { chasePairErrors } from './chase-relationships.rules.js';

const inFight = new Set(['junk', 'van']);

describe('chasePairErrors', () => {
  it('takes two different vehicles of the fight', () => {
    expect(chasePairErrors({ pursuerId: 'junk', evaderId: 'van' }, inFight)).toBeUndefined();
  });

  it('refuses a vehicle chasing itself', () => {
    expect(chasePairErrors({ pursuerId: 'junk', evaderId: 'junk' }, inFight)).toEqual({
      evader_id: ["can't be the same as pursuer"],
    });
  });

  it('names each vehicle that is not in the fight', () => {
    expect(chasePairErrors({ pursuerId: 'bike', evaderId: 'boat' }, inFight)).toEqual({
      pursuer_id: ['is not a vehicle in this fight'],
      evader_id: ['is not a vehicle in this fight'],
    });
    expect(chasePairErrors({ pursuerId: 'junk', evaderId: 'boat' }, inFight)).toEqual({
      evader_id: ['is not a vehicle in this fight'],
    });
  });
});

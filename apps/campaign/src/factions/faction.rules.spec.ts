import { deletionRefusal, memberListErrors, type MemberCounts } from './faction.rules.js';

const none: MemberCounts = { characters: 0, vehicles: 0, junctures: 0, sites: 0, parties: 0 };

describe('deletionRefusal', () => {
  it('lets a faction nothing belongs to go', () => {
    expect(deletionRefusal('f1', none, false)).toBeUndefined();
  });

  it('names what still belongs to it, with counts and labels', () => {
    expect(deletionRefusal('f1', { ...none, characters: 2, parties: 1 }, false)).toEqual({
      error_type: 'associations_exist',
      entity_type: 'faction',
      entity_id: 'f1',
      constraints: {
        characters: { count: 2, label: 'characters' },
        parties: { count: 1, label: 'party' },
      },
      suggestions: expect.arrayContaining([expect.stringContaining('force=true')]) as unknown,
    });
  });

  it('lets force unlink them', () => {
    expect(deletionRefusal('f1', { ...none, vehicles: 3 }, true)).toBeUndefined();
  });
});

describe('memberListErrors', () => {
  it('accepts lists of the campaign’s own records, and lists not sent', () => {
    expect(
      memberListErrors({ characters: ['a', 'b'], sites: [] }, { characters: ['b', 'a'] }),
    ).toBeUndefined();
  });

  it('names each list holding an id the campaign does not have', () => {
    expect(memberListErrors({ characters: ['a', 'x'], vehicles: ['v'] }, { characters: ['a'] })).toEqual({
      character_ids: ['includes characters that are not in this campaign'],
      vehicle_ids: ['includes vehicles that are not in this campaign'],
    });
  });
});

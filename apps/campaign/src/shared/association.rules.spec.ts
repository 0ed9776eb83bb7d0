import { deletionRefusal, linkError, memberListErrors } from './association.rules.js';

const faction = { type: 'faction', id: 'f1' };

describe('deletionRefusal', () => {
  it('lets a record nothing refers to go', () => {
    expect(deletionRefusal(faction, {}, false)).toBeUndefined();
    expect(deletionRefusal(faction, { characters: 0, sites: 0 }, false)).toBeUndefined();
  });

  it('names what still refers to it, with counts and labels', () => {
    expect(deletionRefusal(faction, { characters: 2, parties: 1 }, false)).toEqual({
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

  it('names the kind of record in the answer and its suggestions', () => {
    const refusal = deletionRefusal({ type: 'juncture', id: 'j1' }, { sites: 1 }, false);
    expect(refusal).toMatchObject({ entity_type: 'juncture', entity_id: 'j1' });
    expect(refusal?.suggestions.join(' ')).toContain('without a juncture');
  });

  it('counts a campaign’s factions too, naming every kind in one fixed order', () => {
    const refusal = deletionRefusal(
      { type: 'campaign', id: 'c1' },
      { fights: 1, weapons: 2, factions: 1, characters: 3, junctures: 0 },
      false,
    );
    expect(refusal?.constraints).toEqual({
      characters: { count: 3, label: 'characters' },
      factions: { count: 1, label: 'faction' },
      weapons: { count: 2, label: 'weapons' },
      fights: { count: 1, label: 'fight' },
    });
    expect(Object.keys(refusal?.constraints ?? {})).toEqual(['characters', 'factions', 'weapons', 'fights']);
  });

  it('lets force unlink them', () => {
    expect(deletionRefusal(faction, { vehicles: 3 }, true)).toBeUndefined();
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

describe('linkError', () => {
  it('names the link field', () => {
    expect(linkError('faction_id', 'faction')).toEqual({ faction_id: ['is not a faction of this campaign'] });
  });
});

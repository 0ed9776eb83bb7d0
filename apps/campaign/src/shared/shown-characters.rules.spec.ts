import { shownCharacterIds } from './shown-characters.rules.js';

describe('shownCharacterIds', () => {
  it('finds the character ids of a view: its lists and its nested characters, each once', () => {
    const party = {
      id: 'p',
      entity_class: 'Party',
      character_ids: ['a', 'b'],
      characters: [
        { id: 'a', entity_class: 'Character', name: 'Fei' },
        { id: 'b', entity_class: 'Character', name: 'Gao' },
      ],
      vehicles: [{ id: 'v', entity_class: 'Vehicle' }],
    };
    expect(shownCharacterIds(party).sort()).toEqual(['a', 'b']);
  });

  it("finds those of a character's sites and parties, and the character itself", () => {
    const character = {
      id: 'c',
      entity_class: 'Character',
      sites: [{ id: 's', entity_class: 'Site', characters: [{ id: 't', entity_class: 'Character' }] }],
      parties: [{ id: 'p', entity_class: 'Party', characters: [{ id: 'u', entity_class: 'Character' }] }],
    };
    expect(shownCharacterIds(character).sort()).toEqual(['c', 't', 'u']);
  });

  it('finds none in what shows no character, and stops at its depth', () => {
    expect(shownCharacterIds({ id: 'v', entity_class: 'Vehicle', character_ids: [] })).toEqual([]);
    expect(shownCharacterIds(null)).toEqual([]);
    const deep = { a: { b: { c: { id: 'x', entity_class: 'Character' } } } };
    expect(shownCharacterIds(deep, 2)).toEqual([]);
    expect(shownCharacterIds(deep, 3)).toEqual(['x']);
  });
});

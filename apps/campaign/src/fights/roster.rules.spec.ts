import { newcomers, rosterChanges, type RosterShot } from './roster.rules.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const shot = (id: string, combatantId: string, value: number | null, minute: number): RosterShot => ({
  id,
  combatantId,
  shot: value,
  joinedAt: at(minute),
});

describe('rosterChanges', () => {
  it('adds a hidden shot per new id, once per time it is listed', () => {
    expect(rosterChanges([], ['a', 'mooks', 'mooks'])).toEqual({
      removed: [],
      added: ['a', 'mooks', 'mooks'],
    });
  });

  it('keeps the shots of ids still listed and removes the rest', () => {
    const existing = [shot('s1', 'a', 10, 1), shot('s2', 'b', null, 2)];
    expect(rosterChanges(existing, ['a'])).toEqual({ removed: ['s2'], added: [] });
    expect(rosterChanges(existing, ['b', 'a'])).toEqual({ removed: [], added: [] });
    expect(rosterChanges(existing, [])).toEqual({ removed: ['s1', 's2'], added: [] });
  });

  it('adds one more shot when an id is listed once more (the client appends to character_ids)', () => {
    const existing = [shot('s1', 'mooks', 8, 1)];
    expect(rosterChanges(existing, ['mooks', 'mooks'])).toEqual({ removed: [], added: ['mooks'] });
  });

  it('of a repeated id listed fewer times, removes hidden shots first, then the latest to join', () => {
    const existing = [
      shot('s1', 'mooks', 12, 1),
      shot('s2', 'mooks', null, 2),
      shot('s3', 'mooks', 5, 3),
      shot('s4', 'mooks', 7, 4),
    ];
    expect(rosterChanges(existing, ['mooks', 'mooks'])).toEqual({ removed: ['s2', 's4'], added: [] });
    expect(rosterChanges(existing, ['mooks'])).toEqual({ removed: ['s2', 's4', 's3'], added: [] });
  });
});

describe('newcomers', () => {
  it('names each party member without a shot in the fight once', () => {
    expect(newcomers(['a', 'b', 'a', 'c'], new Set(['b']))).toEqual(['a', 'c']);
  });
});

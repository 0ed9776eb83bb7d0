import type { ValueMap } from '@shotcaller/contracts';
import { compareWithinShot } from '../fights/rules/index.js';
import {
  shotEntryOf,
  toEncounterView,
  type EncounterRow,
  type EncounterShotRow,
} from './encounter.serializer.js';

let nextId = 0;
const id = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;

function characterShot(
  name: string,
  actionValues: ValueMap,
  fields: Partial<EncounterShotRow> & { characterImpairments?: number } = {},
): EncounterShotRow {
  const characterId = id();
  const { characterImpairments, ...shotFields } = fields;
  return {
    id: id(),
    shot: 12,
    count: 0,
    impairments: 0,
    color: null,
    location: null,
    wasRammedOrDamaged: false,
    characterId,
    vehicleId: null,
    driverId: null,
    drivingId: null,
    character: {
      id: characterId,
      name,
      imageId: null,
      actionValues,
      skills: {},
      factionId: null,
      faction: null,
      color: null,
      impairments: characterImpairments ?? 0,
      status: [],
      task: false,
      userId: null,
      user: null,
      weaponIds: [],
      schtickIds: [],
    },
    vehicle: null,
    driving: null,
    driver: null,
    effects: [],
    chaseRelationships: [],
    ...shotFields,
  };
}

function vehicleShot(name: string, actionValues: ValueMap, fields: Partial<EncounterShotRow> = {}) {
  const vehicleId = id();
  return {
    ...characterShot(name, {}),
    characterId: null,
    character: null,
    vehicleId,
    vehicle: {
      id: vehicleId,
      name,
      imageId: null,
      actionValues,
      factionId: null,
      faction: null,
      color: null,
      impairments: 0,
      userId: null,
    },
    ...fields,
  };
}

function encounter(shots: EncounterShotRow[], fields: Partial<EncounterRow> = {}): EncounterRow {
  return {
    id: id(),
    campaignId: id(),
    name: 'Fight',
    imageId: null,
    description: null,
    sequence: 1,
    startedAt: null,
    endedAt: null,
    actionId: null,
    effects: [],
    shots,
    ...fields,
  };
}

/** A fixed shuffle (reversed, then every other one first), so the input order is not the answer. */
function scrambled<T>(items: T[]): T[] {
  const reversed = [...items].reverse();
  return [
    ...reversed.filter((_, index) => index % 2 === 0),
    ...reversed.filter((_, index) => index % 2 === 1),
  ];
}

describe('the encounter view', () => {
  const ordered = [
    characterShot('Uber', { Type: 'Uber-Boss', Speed: 0 }),
    characterShot('Boss', { Type: 'Boss', Speed: 5 }),
    // A PC's impairments are its own: 8 - 1 = 7 for both, then the name, ignoring case.
    characterShot('alpha', { Type: 'PC', Speed: 8 }, { characterImpairments: 1, impairments: 5 }),
    characterShot('Bravo', { Type: 'PC', Speed: 8 }, { characterImpairments: 1 }),
    characterShot('Charlie', { Speed: 6 }),
    characterShot('Ally', { Type: 'Ally', Speed: 9 }),
    // Anyone else's are on the shot: 9 - 4 = 5 after 6.
    characterShot('Fast Foe', { Type: 'Featured Foe', Speed: 9 }, { impairments: 3 }),
    characterShot('Slow Foe', { Type: 'Featured Foe', Speed: 6 }),
    characterShot('Mooks', { Type: 'Mook', Speed: 20 }),
  ];

  it('orders each shot as compareWithinShot does, whatever order the rows come in', () => {
    const view = toEncounterView(encounter(scrambled(ordered)));
    const names = ordered.map((row) => row.character?.name);
    expect(view.shots).toHaveLength(1);
    expect(view.shots[0].characters.map((character) => character.name)).toEqual(names);
    const byRule = scrambled(ordered).map(shotEntryOf).sort(compareWithinShot);
    expect(byRule.map((entry) => entry.name)).toEqual(names);
  });

  it('groups shots highest first with the hidden last, and shows a PC its own impairments', () => {
    const rows = [
      characterShot('Hidden', {}, { shot: null }),
      characterShot('Low', {}, { shot: -3 }),
      characterShot('High', {}, { shot: 20, characterImpairments: 2, impairments: 7 }),
      vehicleShot('Car', { Acceleration: 6 }, { shot: -3 }),
    ];
    const view = toEncounterView(encounter(rows));
    expect(view.shots.map((group) => [group.shot, group.characters.length, group.vehicles.length])).toEqual([
      [20, 1, 0],
      [-3, 1, 1],
      [null, 1, 0],
    ]);
    expect(view.shots[0].characters[0].impairments).toBe(2);
    expect(view.character_ids).toEqual(rows.flatMap((row) => (row.characterId ? [row.characterId] : [])));
  });

  it('orders a vehicle by its driver type and its Acceleration', () => {
    const bossDriver = characterShot('Boss Driver', { Type: 'Boss' });
    const driven = vehicleShot(
      'Boss Car',
      { Acceleration: 1 },
      {
        driverId: bossDriver.id,
        driver: {
          id: id(),
          name: 'Boss Driver',
          shotId: bossDriver.id,
          actionValues: { Type: 'Boss' },
          skills: {},
          impairments: 0,
        },
      },
    );
    const fast = vehicleShot('Fast Car', { Acceleration: 9 });
    const view = toEncounterView(encounter([fast, driven]));
    expect(view.shots[0].vehicles.map((vehicle) => vehicle.name)).toEqual(['Boss Car', 'Fast Car']);
    expect(view.shots[0].vehicles[0]).toMatchObject({ defeat_threshold: 50, is_defeated_in_chase: false });
  });

  it('marks a vehicle defeated in the chase: crashed when rammed, else boxed in', () => {
    const crashed = vehicleShot('Wreck', { 'Chase Points': 35 }, { wasRammedOrDamaged: true });
    const boxed = vehicleShot('Boxed', { 'Chase Points': 40 }, { shot: 3 });
    const view = toEncounterView(encounter([crashed, boxed]));
    expect(view.shots.map((group) => group.vehicles[0].defeat_type)).toEqual(['crashed', 'boxed_in']);
  });

  it('keeps the fight-wide effects on at the sequence and the current shot', () => {
    const effect = (name: string, start: [number, number], end: [number, number]) => ({
      id: id(),
      name,
      description: null,
      severity: 'info',
      start_sequence: start[0],
      start_shot: start[1],
      end_sequence: end[0],
      end_shot: end[1],
    });
    const view = toEncounterView(
      encounter([characterShot('Anyone', {}, { shot: 10 })], {
        sequence: 2,
        effects: [
          effect('On', [2, 12], [3, 5]),
          effect('Over', [1, 12], [2, 10]),
          effect('Soon', [2, 9], [2, 1]),
        ],
      }),
    );
    expect(view.effects.map((each) => each.name)).toEqual(['On']);
  });
});

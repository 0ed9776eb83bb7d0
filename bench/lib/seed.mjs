// Seeds the data the read scenarios of a campaign's records measure: in the run's database, straight in SQL (the
// benchmark measures reads, and SQL fills a campaign in well under a second). A campaign with its factions,
// junctures, schticks, weapons, sites and parties, many characters linked to all of them, a few vehicles, and a
// fight with its shots (initiative values, hidden ones, mooks twice, a vehicle with its driver, a chase), character
// effects and fight-wide effects. Values are derived from each row's number, so every run seeds the same data.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const SCHTICK_CATEGORIES = ['Guns', 'Martial Arts', 'Driving', 'Sorcery', 'Creature', 'Cyborg', 'Foe'];
const ARCHETYPES = [
  'Everyday Hero',
  'Karate Cop',
  'Old Master',
  'Sorcerer',
  'Cyborg',
  'Driver',
  'Killer',
  'Spy',
  'Thug',
  'Ninja',
];
/** Most characters are PCs and mooks, as in a real campaign; a few of every other type. */
const TYPES = ['PC', 'PC', 'Mook', 'Featured Foe', 'PC', 'Mook', 'Ally', 'Boss', 'PC', 'Featured Foe'];
const DESCRIPTION_KEYS = [
  'Nicknames',
  'Age',
  'Height',
  'Weight',
  'Hair Color',
  'Eye Color',
  'Style of Dress',
  'Appearance',
  'Background',
  'Melodramatic Hook',
];
const SKILLS = [
  'Deceit',
  'Detective',
  'Driving',
  'Fix-It',
  'Gambling',
  'Intimidation',
  'Intrusion',
  'Leadership',
  'Medicine',
  'Police',
  'Sabotage',
  'Seduction',
  'Constitution',
  'Will',
  'Notice',
  'Strength',
];

const pick = (list, index) => list[index % list.length];
const padded = (number) => String(number).padStart(3, '0');

/** Inserts rows (objects with the same keys) in one statement per 500 rows. */
async function insert(client, table, rows) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const values = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        const value = row[column];
        values.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, values);
  }
}

function characterActionValues(index) {
  const type = pick(TYPES, index);
  return {
    Guns: 10 + (index % 6),
    'Martial Arts': 9 + (index % 7),
    Sorcery: index % 5 === 0 ? 13 : 0,
    Scroungetech: 0,
    Genome: 0,
    Mutant: 0,
    Creature: 0,
    Defense: 12 + (index % 3),
    Toughness: type === 'Mook' ? 0 : 5 + (index % 4),
    Speed: 5 + (index % 4),
    Fortune: type === 'PC' ? 6 : 0,
    'Max Fortune': type === 'PC' ? 6 : 0,
    Wounds: type === 'PC' ? index % 20 : 0,
    'Marks of Death': 0,
    Damage: 0,
    FortuneType: 'Fortune',
    MainAttack: index % 2 === 0 ? 'Guns' : 'Martial Arts',
    SecondaryAttack: null,
    Type: type,
    Archetype: pick(ARCHETYPES, index),
  };
}

function characterDescription(index) {
  const description = Object.fromEntries(DESCRIPTION_KEYS.map((key) => [key, '']));
  description.Age = String(20 + (index % 50));
  description.Appearance = `Bench character ${index}: a scar over one eye and a long coat.`;
  description.Background =
    'Grew up in the night markets, ran with the wrong crowd, and found a reason to fight back. '.repeat(3);
  return description;
}

function characterSkills(index) {
  const skills = Object.fromEntries(SKILLS.map((key) => [key, 0]));
  skills[pick(SKILLS, index)] = 12;
  skills[pick(SKILLS, index + 5)] = 10;
  return skills;
}

/**
 * Seeds one campaign's records and one fight in it. `ownerId` runs the campaign (owns most characters), `playerId`
 * plays in it (owns every third character). Answers the fight's id and what was seeded, in counts.
 */
export async function seedCampaignRecords(
  databaseUrl,
  { campaignId, ownerId, playerId, characters, combatants },
) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const base = Date.now();
    // Newest first is the index's default order: created_at spreads the rows one second apart.
    const at = (offsetSeconds) => new Date(base - offsetSeconds * 1000).toISOString();
    const inCampaign = (index, name, more = {}) => ({
      id: randomUUID(),
      campaign_id: campaignId,
      name,
      description: `${name}: seeded by the benchmark.`,
      created_at: at(index),
      ...more,
    });

    await insert(client, 'campaign_memberships', [
      { id: randomUUID(), campaign_id: campaignId, user_id: playerId },
    ]);
    const factions = Array.from({ length: 6 }, (_, i) => inCampaign(i, `Bench faction ${i + 1}`));
    await insert(client, 'factions', factions);
    const junctures = ['Ancient', '1850s', 'Contemporary', 'Future'].map((name, i) =>
      inCampaign(i, name, { faction_id: pick(factions, i).id }),
    );
    await insert(client, 'junctures', junctures);
    const schticks = Array.from({ length: 30 }, (_, i) =>
      inCampaign(i, `Bench schtick ${i + 1}`, {
        category: pick(SCHTICK_CATEGORIES, i),
        path: `Path ${i % 3}`,
        archetypes: [pick(ARCHETYPES, i)],
      }),
    );
    await insert(client, 'schticks', schticks);
    const weapons = Array.from({ length: 20 }, (_, i) =>
      inCampaign(i, `Bench weapon ${i + 1}`, {
        damage: 8 + (i % 6),
        concealment: i % 5,
        reload_value: i % 4 === 0 ? null : 3,
        juncture: pick(junctures, i).name,
        category: i % 2 === 0 ? 'Handguns' : 'Swords',
      }),
    );
    await insert(client, 'weapons', weapons);
    const sites = Array.from({ length: 5 }, (_, i) =>
      inCampaign(i, `Bench site ${i + 1}`, {
        faction_id: pick(factions, i).id,
        juncture_id: pick(junctures, i).id,
      }),
    );
    await insert(client, 'sites', sites);
    const parties = Array.from({ length: 8 }, (_, i) =>
      inCampaign(i, `Bench party ${i + 1}`, {
        faction_id: pick(factions, i).id,
        juncture_id: pick(junctures, i).id,
      }),
    );
    await insert(client, 'parties', parties);

    const people = Array.from({ length: characters }, (_, i) => ({
      id: randomUUID(),
      campaign_id: campaignId,
      user_id: i % 3 === 0 ? playerId : ownerId,
      // One in ten without a faction, so the index's faction extras see both.
      faction_id: i % 10 === 9 ? null : pick(factions, i).id,
      juncture_id: pick(junctures, i).id,
      equipped_weapon_id: pick(weapons, i).id,
      name: `Bench character ${padded(i + 1)}`,
      color: i % 4 === 0 ? '#a31515' : null,
      wealth: pick(['Poor', 'Working Stiff', 'Rich'], i),
      summary: `Summary of bench character ${i + 1}`,
      action_values: characterActionValues(i),
      description: characterDescription(i),
      skills: characterSkills(i),
      created_at: at(i),
    }));
    await insert(client, 'characters', people);
    const link = (rows) => rows.map((row) => ({ id: randomUUID(), ...row }));
    await insert(
      client,
      'character_schticks',
      link(
        people.flatMap((person, i) =>
          [0, 1, 2].map((k) => ({ character_id: person.id, schtick_id: pick(schticks, i * 3 + k).id })),
        ),
      ),
    );
    await insert(
      client,
      'carries',
      link(
        people.flatMap((person, i) =>
          [0, 7].map((k) => ({ character_id: person.id, weapon_id: pick(weapons, i + k).id })),
        ),
      ),
    );
    await insert(
      client,
      'attunements',
      link(
        people
          .filter((_, i) => i % 4 === 0)
          .map((person, i) => ({ character_id: person.id, site_id: pick(sites, i).id })),
      ),
    );

    const vehicles = Array.from({ length: 4 }, (_, i) =>
      inCampaign(i, `Bench vehicle ${i + 1}`, {
        user_id: ownerId,
        faction_id: pick(factions, i).id,
        action_values: {
          Acceleration: 7 + i,
          Handling: 8,
          Squeal: 10,
          Frame: 8,
          Crunch: 9,
          'Condition Points': 0,
          'Chase Points': i * 5,
          Pursuer: i % 2 === 0 ? 'true' : 'false',
          Type: 'PC',
          Archetype: 'Car',
        },
      }),
    ).map(({ description, ...vehicle }) => ({
      ...vehicle,
      description: { Size: 'Mid-size', Weight: '1.5 t', Color: 'Red', Appearance: description },
    }));
    await insert(client, 'vehicles', vehicles);
    await insert(
      client,
      'party_memberships',
      link([
        ...people.map((person, i) => ({
          party_id: pick(parties, i).id,
          character_id: person.id,
          vehicle_id: null,
        })),
        ...vehicles.map((vehicle, i) => ({
          party_id: pick(parties, i).id,
          character_id: null,
          vehicle_id: vehicle.id,
        })),
      ]),
    );

    const fight = inCampaign(0, 'Bench fight', {
      sequence: 2,
      started_at: at(600),
      season: 1,
      session: 3,
    });
    await insert(client, 'fights', [fight]);
    const fightShots = fightRoster(fight.id, people, vehicles, combatants);
    await insert(client, 'shots', fightShots.shots);
    // Links between the shots once they all exist.
    for (const { vehicleShot, driverShot } of fightShots.drives) {
      await client.query('update shots set driver_id = $1 where id = $2', [driverShot, vehicleShot]);
      await client.query('update shots set driving_id = $1 where id = $2', [vehicleShot, driverShot]);
    }
    await insert(
      client,
      'chase_relationships',
      link([
        {
          fight_id: fight.id,
          pursuer_id: fightShots.vehicles[0],
          evader_id: fightShots.vehicles[1],
          position: 'near',
        },
      ]),
    );
    const characterShots = fightShots.shots.filter((shot) => shot.character_id);
    await insert(
      client,
      'character_effects',
      link(
        characterShots
          .filter((_, i) => i % 3 === 0)
          .map((shot, i) => ({
            shot_id: shot.id,
            name: i % 2 === 0 ? 'Boost' : 'Dazed',
            description: 'Seeded effect',
            severity: i % 2 === 0 ? 'success' : 'warning',
            action_value: i % 2 === 0 ? 'Defense' : 'MainAttack',
            change: i % 2 === 0 ? '+3' : '-1',
          })),
      ),
    );
    await insert(
      client,
      'effects',
      link(
        ['Smoke everywhere', 'Burning warehouse', 'Police sirens'].map((name, i) => ({
          fight_id: fight.id,
          name,
          description: 'Seeded fight-wide effect',
          severity: pick(['info', 'warning', 'error'], i),
          start_sequence: 1,
          end_sequence: 4,
          start_shot: 20,
          end_shot: 0,
        })),
      ),
    );
    await client.query('commit');
    // A database that has been in use has planner statistics (autovacuum gathers them); a bulk seed has none yet.
    await client.query('analyze');
    return {
      fightId: fight.id,
      characters: people.length,
      shots: fightShots.shots.length,
      characterShots: characterShots.length,
      vehicleShots: fightShots.shots.length - characterShots.length,
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * A fight's `combatants` shots (at least 4): two vehicles, each driven by a character of the fight, the rest
 * characters, the first two mooks twice (mook groups), initiative from 18 down, one in 14 hidden (null).
 */
function fightRoster(fightId, people, vehicles, combatants) {
  const shots = [];
  const shotValue = (i) => (i % 14 === 6 ? null : 18 - (i % 19));
  const characterCount = combatants - 2;
  const mooks = people.filter((person) => person.action_values.Type === 'Mook').slice(0, 2);
  const others = people.filter((person) => !mooks.includes(person));
  const roster = [...mooks, ...mooks, ...others].slice(0, characterCount);
  roster.forEach((person, i) => {
    const type = person.action_values.Type;
    shots.push({
      id: randomUUID(),
      fight_id: fightId,
      character_id: person.id,
      vehicle_id: null,
      shot: shotValue(i),
      count: type === 'Mook' ? 8 : type === 'PC' ? 0 : i % 20,
      impairments: type === 'PC' ? 0 : i % 2,
      location: i % 5 === 0 ? 'On the roof' : null,
    });
  });
  const fightVehicles = vehicles.slice(0, 2);
  const drives = [];
  fightVehicles.forEach((vehicle, i) => {
    const shot = {
      id: randomUUID(),
      fight_id: fightId,
      character_id: null,
      vehicle_id: vehicle.id,
      shot: 12 - i * 4,
      count: 0,
      impairments: 0,
      location: 'Harbour road',
    };
    shots.push(shot);
    // Drivers: characters with a shot of their own, the last ones on the roster (past the mooks).
    drives.push({ vehicleShot: shot.id, driverShot: shots[characterCount - 1 - i].id });
  });
  return { shots, drives, vehicles: fightVehicles.map((vehicle) => vehicle.id) };
}

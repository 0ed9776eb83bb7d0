import { preparedRead, readQueryBuilder } from '@shotcaller/persistence';
import type { CampaignRecordsReadSchema } from '../shared/campaign-scope.queries.js';

// ---- A fight's effects and chases, each read in one statement (see libs/persistence/src/reads/read-queries.ts) ----

/** The columns the effect and chase reads use. */
export interface FightExtrasReadSchema extends CampaignRecordsReadSchema {
  fights: { id: string; campaign_id: string };
  shots: { id: string; fight_id: string; character_id: string | null; vehicle_id: string | null };
  effects: {
    id: string;
    fight_id: string;
    name: string;
    description: string | null;
    severity: string;
    start_sequence: number | null;
    end_sequence: number | null;
    start_shot: number | null;
    end_shot: number | null;
  };
  character_effects: {
    id: string;
    shot_id: string;
    name: string;
    description: string | null;
    severity: string;
    action_value: string | null;
    change: string | null;
  };
  chase_relationships: {
    id: string;
    fight_id: string;
    pursuer_id: string;
    evader_id: string;
    position: string;
    active: boolean;
    created_at: Date;
    updated_at: Date;
  };
}

export const fightExtrasReads = readQueryBuilder<FightExtrasReadSchema>();
const reads = fightExtrasReads;

/** A fight-wide effect as FightEffectView has it (severity still as stored). */
export interface FightEffectRow {
  id: string;
  name: string;
  description: string | null;
  severity: string;
  start_sequence: number | null;
  end_sequence: number | null;
  start_shot: number | null;
  end_shot: number | null;
}

/** A character effect as CharacterEffectView has it: with its shot's character or vehicle. */
export interface CharacterEffectRow {
  id: string;
  name: string;
  description: string | null;
  severity: string;
  action_value: string | null;
  change: string | null;
  shot_id: string;
  character_id: string | null;
  vehicle_id: string | null;
}

const fightEffectRead = preparedRead((_: object, $: { id: string }) =>
  reads
    .selectFrom('effects as e')
    .select([
      'e.id',
      'e.name',
      'e.description',
      'e.severity',
      'e.start_sequence',
      'e.end_sequence',
      'e.start_shot',
      'e.end_shot',
    ])
    .where('e.id', '=', $.id),
);

/** Effect `id`: for the answer of its change, read inside the change's transaction (access already settled). */
export function fightEffectQuery(id: string) {
  return fightEffectRead({}, { id });
}

const characterEffectRead = preparedRead((_: object, $: { id: string }) =>
  reads
    .selectFrom('character_effects as ce')
    .innerJoin('shots as s', 's.id', 'ce.shot_id')
    .select([
      'ce.id',
      'ce.name',
      'ce.description',
      'ce.severity',
      'ce.action_value',
      'ce.change',
      'ce.shot_id',
      's.character_id',
      's.vehicle_id',
    ])
    .where('ce.id', '=', $.id),
);

/** Character effect `id`, with its shot's combatant: for the answer of its change (access already settled). */
export function characterEffectQuery(id: string) {
  return characterEffectRead({}, { id });
}

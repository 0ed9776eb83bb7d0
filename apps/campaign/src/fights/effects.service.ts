import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type CharacterEffectChangesDto,
  type CharacterEffectFieldsDto,
  type CharacterEffectView,
  type EffectChangesDto,
  type EffectFieldsDto,
  type FightEffectView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import { CharacterEffect } from './character-effect.entity.js';
import { Effect } from './effect.entity.js';
import { characterEffectQuery, fightEffectQuery } from './effects.queries.js';
import { effectWindowErrors, type EffectWindowFields } from './effects.rules.js';
import { toCharacterEffectView, toFightEffectView } from './effects.serializer.js';
import type { Fight } from './fight.entity.js';
import { ManagedFightChanges } from './managed-fight.js';
import { Shot } from './shot.entity.js';

/** The window an effect has once `changes` apply to `stored` (a create starts from an open window). */
function windowAfter(stored: EffectWindowFields, changes: Partial<EffectWindowFields>): EffectWindowFields {
  return {
    start_sequence: changes.start_sequence !== undefined ? changes.start_sequence : stored.start_sequence,
    end_sequence: changes.end_sequence !== undefined ? changes.end_sequence : stored.end_sequence,
    start_shot: changes.start_shot !== undefined ? changes.start_shot : stored.start_shot,
    end_shot: changes.end_shot !== undefined ? changes.end_shot : stored.end_shot,
  };
}

const OPEN_WINDOW: EffectWindowFields = {
  start_sequence: null,
  end_sequence: null,
  start_shot: null,
  end_shot: null,
};

/**
 * The effects of the fights of the caller's current campaign: fight-wide ones (on from a sequence and shot to
 * another) and those on one combatant's shot (an action value changed, "+1"). Its gamemaster (or an admin)
 * creates, changes and removes them; players see them through the encounter and the fight. Each change is one
 * transaction, answered as re-read inside it, and the encounter is announced once after the commit.
 */
@Injectable()
export class EffectsService {
  constructor(
    private readonly reads: SqlReads,
    private readonly fights: ManagedFightChanges,
  ) {}

  createEffect(actor: Actor, fightId: string, fields: EffectFieldsDto): Promise<FightEffectView> {
    return this.fights.inFight(actor, fightId, async ({ tx, fight }) => {
      refuseEmptyWindow(windowAfter(OPEN_WINDOW, fields));
      const effect = tx.create(Effect, {
        fight,
        name: fields.name,
        description: fields.description ?? null,
        severity: fields.severity ?? 'info',
        startSequence: fields.start_sequence ?? null,
        endSequence: fields.end_sequence ?? null,
        startShot: fields.start_shot ?? null,
        endShot: fields.end_shot ?? null,
        updatedAt: new Date(),
      });
      await tx.flush();
      return this.effectView(effect.id);
    });
  }

  updateEffect(
    actor: Actor,
    fightId: string,
    id: string,
    changes: EffectChangesDto,
  ): Promise<FightEffectView> {
    return this.fights.inFight(actor, fightId, async ({ tx, fight }) => {
      const effect = await tx.findOne(Effect, { id, fight });
      if (!effect) throw ServiceError.notFound();
      const stored = {
        start_sequence: effect.startSequence ?? null,
        end_sequence: effect.endSequence ?? null,
        start_shot: effect.startShot ?? null,
        end_shot: effect.endShot ?? null,
      };
      const window = windowAfter(stored, changes);
      refuseEmptyWindow(window);
      if (changes.name !== undefined) effect.name = changes.name;
      if (changes.description !== undefined) effect.description = changes.description;
      if (changes.severity !== undefined) effect.severity = changes.severity;
      effect.startSequence = window.start_sequence;
      effect.endSequence = window.end_sequence;
      effect.startShot = window.start_shot;
      effect.endShot = window.end_shot;
      effect.updatedAt = new Date();
      await tx.flush();
      return this.effectView(effect.id);
    });
  }

  async deleteEffect(actor: Actor, fightId: string, id: string): Promise<{ deleted: true }> {
    await this.fights.inFight(actor, fightId, async ({ tx, fight }) => {
      const removed = await tx.nativeDelete(Effect, { id, fight });
      if (removed === 0) throw ServiceError.notFound();
    });
    return { deleted: true };
  }

  createCharacterEffect(
    actor: Actor,
    fightId: string,
    fields: CharacterEffectFieldsDto,
  ): Promise<CharacterEffectView> {
    return this.fights.inFight(actor, fightId, async ({ tx, fight }) => {
      const shot = await shotOfFight(tx, fight, fields.shot_id);
      const effect = tx.create(CharacterEffect, {
        shot,
        name: fields.name,
        description: fields.description ?? null,
        severity: fields.severity ?? 'info',
        actionValue: fields.action_value ?? null,
        change: fields.change ?? null,
        updatedAt: new Date(),
      });
      await tx.flush();
      return this.characterEffectView(effect.id);
    });
  }

  updateCharacterEffect(
    actor: Actor,
    fightId: string,
    id: string,
    changes: CharacterEffectChangesDto,
  ): Promise<CharacterEffectView> {
    return this.fights.inFight(actor, fightId, async ({ tx, fight }) => {
      const effect = await tx.findOne(CharacterEffect, { id, shot: { fight } });
      if (!effect) throw ServiceError.notFound();
      if (changes.shot_id !== undefined) effect.shot = await shotOfFight(tx, fight, changes.shot_id);
      if (changes.name !== undefined) effect.name = changes.name;
      if (changes.description !== undefined) effect.description = changes.description;
      if (changes.severity !== undefined) effect.severity = changes.severity;
      if (changes.action_value !== undefined) effect.actionValue = changes.action_value;
      if (changes.change !== undefined) effect.change = changes.change;
      effect.updatedAt = new Date();
      await tx.flush();
      return this.characterEffectView(effect.id);
    });
  }

  async deleteCharacterEffect(actor: Actor, fightId: string, id: string): Promise<{ deleted: true }> {
    await this.fights.inFight(actor, fightId, async ({ tx, fight }) => {
      const effect = await tx.findOne(CharacterEffect, { id, shot: { fight } }, { fields: ['id'] });
      if (!effect) throw ServiceError.notFound();
      await tx.nativeDelete(CharacterEffect, { id: effect.id });
    });
    return { deleted: true };
  }

  /** The effect as it reads inside the transaction of its change (so with its writes). */
  private async effectView(id: string): Promise<FightEffectView> {
    const row = await this.reads.first(fightEffectQuery(id));
    if (!row) throw ServiceError.notFound();
    return toFightEffectView(row);
  }

  private async characterEffectView(id: string): Promise<CharacterEffectView> {
    const row = await this.reads.first(characterEffectQuery(id));
    if (!row) throw ServiceError.notFound();
    return toCharacterEffectView(row);
  }
}

/** 422 when an effect's window could never be on. */
function refuseEmptyWindow(window: EffectWindowFields): void {
  const errors = effectWindowErrors(window);
  if (errors) throw ServiceError.validation(errors);
}

/** Shot `id` of `fight` (a character's or a vehicle's), or 422 on `shot_id`: another fight's shot is no link. */
async function shotOfFight(tx: EntityManager, fight: Fight, id: string): Promise<Shot> {
  const shot = await tx.findOne(Shot, { id, fight });
  if (!shot) throw ServiceError.validation({ shot_id: ['is not a shot in this fight'] });
  return shot;
}

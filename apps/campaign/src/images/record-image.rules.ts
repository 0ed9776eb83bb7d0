import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ImageDeletedEvent, type ImageEntityType } from '@shotcaller/contracts';
import { canManageCampaign } from '../campaigns/campaign-access.rules.js';
import { canChangeCharacter, canSeeTemplates } from '../characters/character.rules.js';
import { mayChangeOwned, type OwnerCaller } from '../shared/player-owned.rules.js';

/*
 * Whose records' images may be changed, and what a change of one does: the rules of each kind's update, since
 * giving a record an image (or taking it away) is a change of the record.
 */

/** The kinds their players own (characters, vehicles): whether one may be changed depends on the record. */
const PLAYER_OWNED: readonly ImageEntityType[] = ['Character', 'Vehicle'];

/**
 * Whether a kind's update asks first whether the actor manages the campaign (403 to its players, whether the
 * record exists or not), as the updates of every record the gamemaster alone changes do; the others look for the
 * record first (404), then whether it is the actor's to change (403).
 */
export function isGamemasterOnly(type: ImageEntityType): boolean {
  return !PLAYER_OWNED.includes(type);
}

/** A record as the image rules see it: its player (characters, vehicles) and whether it is a template. */
export interface ImageRecordFacts {
  ownerId: string | null;
  isTemplate: boolean;
}

/** Whether the actor sees the record at all: a character template exists only for admins (404 to anyone else). */
export function maySeeImageRecord(
  caller: OwnerCaller,
  type: ImageEntityType,
  record: ImageRecordFacts,
): boolean {
  return type !== 'Character' || !record.isTemplate || canSeeTemplates(caller.standing);
}

/**
 * Whether the actor may change the record's image: whoever may update it. The gamemaster (or an admin) every
 * record of the campaign; a player the characters they play and the vehicles they own.
 */
export function mayChangeRecordImage(
  caller: OwnerCaller,
  type: ImageEntityType,
  record: ImageRecordFacts,
): boolean {
  switch (type) {
    case 'Character':
      return canChangeCharacter(caller.standing, caller.userId, record.ownerId);
    case 'Vehicle':
      return mayChangeOwned(caller, record.ownerId);
    default:
      return canManageCampaign(caller.standing);
  }
}

/** What setting a record's image to `requested` does, from the image it has (`current`); null for none. */
export interface ImageChange {
  /** Whether anything changes: setting the image a record has again changes nothing. */
  changed: boolean;
  /** The image the record gives up, which the media service is asked to release; null when none. */
  released: string | null;
}

export function imageChange(current: string | null, requested: string | null): ImageChange {
  if (current === requested) return { changed: false, released: null };
  return { changed: true, released: current };
}

/**
 * The `media.image.deleted` event in a message, checked as its contract says (anyone on the bus could have sent
 * anything): null when it is not one.
 */
export function imageDeletedEventOf(message: unknown): ImageDeletedEvent | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const event = plainToInstance(ImageDeletedEvent, message);
  if (validateSync(event, { whitelist: true }).length > 0) return null;
  return event;
}

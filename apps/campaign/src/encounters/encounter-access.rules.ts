import { canManageCampaign, type CampaignStanding } from '../campaigns/campaign-access.rules.js';

/** Who is acting on a fight's shot counter. */
export interface EncounterActor {
  userId: string;
  /** The campaign's gamemaster, or an admin. */
  manages: boolean;
}

export function encounterActor(userId: string, standing: CampaignStanding): EncounterActor {
  return { userId, manages: canManageCampaign(standing) };
}

/**
 * Whether the actor may change one combatant's entry (its shot, wounds, statuses, effects; a vehicle's chase
 * points): the gamemaster any, a player only their own characters and vehicles (those whose owner they are). So a
 * player's attack on a foe is applied by the gamemaster: the player may spend their own shots and heal or hurt
 * their own characters, nothing of anyone else's.
 */
export function mayChangeCombatant(actor: EncounterActor, owner: { userId: string | null }): boolean {
  return actor.manages || (owner.userId !== null && owner.userId === actor.userId);
}

/** Setting the initiative starts the next sequence of the whole fight: the gamemaster's call. */
export function mayStartSequence(actor: EncounterActor): boolean {
  return actor.manages;
}

import { canManageCampaign, type CampaignStanding } from '../campaigns/campaign-access.rules.js';

/** The gamemaster (or an admin) changes any shot; a player only the shots of their own characters and vehicles. */
export function canChangeShot(standing: CampaignStanding, actorId: string, ownerId: string | null): boolean {
  return canManageCampaign(standing) || (standing.isMember && ownerId !== null && ownerId === actorId);
}

/** Why a shot cannot drive a vehicle (undefined when it can): it must be a character's shot in the same fight. */
export function driverLinkRefusal(driver: { hasCharacter: boolean } | null): string | undefined {
  if (!driver) return 'is not a shot of this fight';
  if (!driver.hasCharacter) return "must be a character's shot";
  return undefined;
}

/** Who plays the vehicle and the character a driver link would join (null: a gamemaster's NPC). */
export interface DriverLink {
  vehicleOwner: string | null;
  driverOwner: string | null;
}

/** The gamemaster links any driver and vehicle; a player only their own character to their own vehicle. */
export function canLinkDriver(standing: CampaignStanding, actorId: string, link: DriverLink): boolean {
  return (
    canManageCampaign(standing) ||
    (standing.isMember && link.vehicleOwner === actorId && link.driverOwner === actorId)
  );
}

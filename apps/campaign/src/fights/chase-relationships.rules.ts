import { SAME_VEHICLE, type FieldErrors } from '@shotcaller/contracts';

/** The pursuer and the evader of a chase. */
export interface ChasePair {
  pursuerId: string;
  evaderId: string;
}

/** Why two vehicles cannot chase each other in a fight, by field, or undefined when they can. */
export function chasePairErrors(
  pair: ChasePair,
  vehiclesInFight: ReadonlySet<string>,
): FieldErrors | undefined {
  const errors: FieldErrors = {};
  if (!vehiclesInFight.has(pair.pursuerId)) errors.pursuer_id = ['is not a vehicle in this fight'];
  if (pair.evaderId === pair.pursuerId) errors.evader_id = [SAME_VEHICLE];
  else if (!vehiclesInFight.has(pair.evaderId)) errors.evader_id = ['is not a vehicle in this fight'];
  return Object.keys(errors).length > 0 ? errors : undefined;
}

import type { FieldErrors } from '@shotcaller/contracts';

/** The records that may belong to another (a faction, a juncture...), by the name of their list on it. */
export const ASSOCIATED_KINDS = [
  'characters',
  'vehicles',
  'junctures',
  'sites',
  'parties',
  'schticks',
  'weapons',
  'fights',
] as const;
export type AssociatedKind = (typeof ASSOCIATED_KINDS)[number];

/** The `*_ids` field of a body that replaces one kind's list. */
export const MEMBER_IDS_FIELD = {
  characters: 'character_ids',
  vehicles: 'vehicle_ids',
  junctures: 'juncture_ids',
  sites: 'site_ids',
  parties: 'party_ids',
  schticks: 'schtick_ids',
  weapons: 'weapon_ids',
  fights: 'fight_ids',
} as const satisfies Record<AssociatedKind, string>;

/**
 * What a deletion may find still referring to the record deleted, in the order a refusal names them: the kinds
 * above, and a campaign's factions (which belong to nothing else). Each is also the table of its records.
 */
export const COUNTED_KINDS = [
  'characters',
  'vehicles',
  'factions',
  'junctures',
  'sites',
  'parties',
  'schticks',
  'weapons',
  'fights',
] as const satisfies readonly (AssociatedKind | 'factions')[];
export type CountedKind = (typeof COUNTED_KINDS)[number];

export type AssociationCounts = Partial<Record<CountedKind, number>>;

/** How a client is told what still refers to a record it asked to delete (client: UnifiedDeletionError). */
export interface AssociationsExist {
  error_type: 'associations_exist';
  entity_type: string;
  entity_id: string;
  constraints: Partial<Record<CountedKind, { count: number; label: string }>>;
  suggestions: string[];
}

const LABELS: Record<CountedKind, [one: string, many: string]> = {
  characters: ['character', 'characters'],
  vehicles: ['vehicle', 'vehicles'],
  factions: ['faction', 'factions'],
  junctures: ['juncture', 'junctures'],
  sites: ['site', 'sites'],
  parties: ['party', 'parties'],
  schticks: ['schtick', 'schticks'],
  weapons: ['weapon', 'weapons'],
  fights: ['fight', 'fights'],
};

/**
 * Whether a record may be deleted as things stand: undefined when nothing refers to it (or `force` unlinks what
 * does), else what refers to it and how to go on.
 */
export function deletionRefusal(
  entity: { type: string; id: string },
  counts: AssociationCounts,
  force: boolean,
): AssociationsExist | undefined {
  if (force) return undefined;
  const constraints: AssociationsExist['constraints'] = {};
  for (const kind of COUNTED_KINDS) {
    const count = counts[kind] ?? 0;
    if (count > 0) constraints[kind] = { count, label: LABELS[kind][count === 1 ? 0 : 1] };
  }
  if (Object.keys(constraints).length === 0) return undefined;
  return {
    error_type: 'associations_exist',
    entity_type: entity.type,
    entity_id: entity.id,
    constraints,
    suggestions: [
      `Move them to another ${entity.type}, or remove them from this one, first`,
      `Or delete with force=true: they stay, without a ${entity.type}`,
    ],
  };
}

/** Field errors for listed ids that are not records of the campaign (unknown, or of another campaign). */
export function memberListErrors(
  requested: Partial<Record<AssociatedKind, string[]>>,
  found: Partial<Record<AssociatedKind, string[]>>,
): FieldErrors | undefined {
  const errors: FieldErrors = {};
  for (const kind of ASSOCIATED_KINDS) {
    const wanted = requested[kind];
    if (!wanted) continue;
    const known = new Set(found[kind] ?? []);
    if (wanted.some((id) => !known.has(id))) {
      errors[MEMBER_IDS_FIELD[kind]] = [`includes ${LABELS[kind][1]} that are not in this campaign`];
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** The field error of a link (`faction_id`, `juncture_id`) to a record the campaign does not have. */
export function linkError(field: string, label: string): FieldErrors {
  return { [field]: [`is not a ${label} of this campaign`] };
}

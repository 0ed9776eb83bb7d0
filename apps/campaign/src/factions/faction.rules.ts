import type { FieldErrors } from '@shotcaller/contracts';

/** The records that may belong to a faction, by the name of their list on it. */
export const FACTION_MEMBER_KINDS = ['characters', 'vehicles', 'junctures', 'sites', 'parties'] as const;
export type FactionMemberKind = (typeof FACTION_MEMBER_KINDS)[number];

/** The `*_ids` field of a body that replaces one kind's list. */
export const MEMBER_IDS_FIELD = {
  characters: 'character_ids',
  vehicles: 'vehicle_ids',
  junctures: 'juncture_ids',
  sites: 'site_ids',
  parties: 'party_ids',
} as const satisfies Record<FactionMemberKind, string>;

export type MemberCounts = Record<FactionMemberKind, number>;

/** How a client is told what still refers to a record it asked to delete (client: UnifiedDeletionError). */
export interface AssociationsExist {
  error_type: 'associations_exist';
  entity_type: string;
  entity_id: string;
  constraints: Partial<Record<FactionMemberKind, { count: number; label: string }>>;
  suggestions: string[];
}

const LABELS: Record<FactionMemberKind, [one: string, many: string]> = {
  characters: ['character', 'characters'],
  vehicles: ['vehicle', 'vehicles'],
  junctures: ['juncture', 'junctures'],
  sites: ['site', 'sites'],
  parties: ['party', 'parties'],
};

/**
 * Whether a faction may be deleted as things stand: undefined when nothing belongs to it (or `force` unlinks what
 * does), else what refers to it and how to go on.
 */
export function deletionRefusal(
  factionId: string,
  counts: MemberCounts,
  force: boolean,
): AssociationsExist | undefined {
  if (force) return undefined;
  const constraints: AssociationsExist['constraints'] = {};
  for (const kind of FACTION_MEMBER_KINDS) {
    const count = counts[kind];
    if (count > 0) constraints[kind] = { count, label: LABELS[kind][count === 1 ? 0 : 1] };
  }
  if (Object.keys(constraints).length === 0) return undefined;
  return {
    error_type: 'associations_exist',
    entity_type: 'faction',
    entity_id: factionId,
    constraints,
    suggestions: [
      'Move them to another faction, or remove them from this one, first',
      'Or delete with force=true: they stay, without a faction',
    ],
  };
}

/** Field errors for listed ids that are not records of the campaign (unknown, or of another campaign). */
export function memberListErrors(
  requested: Partial<Record<FactionMemberKind, string[]>>,
  found: Partial<Record<FactionMemberKind, string[]>>,
): FieldErrors | undefined {
  const errors: FieldErrors = {};
  for (const kind of FACTION_MEMBER_KINDS) {
    const wanted = requested[kind];
    if (!wanted) continue;
    const known = new Set(found[kind] ?? []);
    if (wanted.some((id) => !known.has(id))) {
      errors[MEMBER_IDS_FIELD[kind]] = [`includes ${LABELS[kind][1]} that are not in this campaign`];
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Character } from '../characters/character.entity.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { Party } from './party.entity.js';

const PartyMembershipSchema = defineEntity({
  name: 'PartyMembership',
  tableName: 'party_memberships',
  uniques: [
    { name: 'party_memberships_character_unique', properties: ['party', 'character'] },
    { name: 'party_memberships_vehicle_unique', properties: ['party', 'vehicle'] },
  ],
  indexes: [
    { name: 'party_memberships_character_index', properties: ['character'] },
    { name: 'party_memberships_vehicle_index', properties: ['vehicle'] },
  ],
  checks: [
    { name: 'party_memberships_member_check', expression: '(character_id is null) <> (vehicle_id is null)' },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    party: () => p.manyToOne(Party).foreignKeyName('party_memberships_party_id_fkey').deleteRule('cascade'),
    /** Either a character or a vehicle. */
    character: () =>
      p
        .manyToOne(Character)
        .nullable()
        .foreignKeyName('party_memberships_character_id_fkey')
        .deleteRule('cascade'),
    vehicle: () =>
      p
        .manyToOne(Vehicle)
        .nullable()
        .foreignKeyName('party_memberships_vehicle_id_fkey')
        .deleteRule('cascade'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** A character or a vehicle in a party. */
export class PartyMembership extends PartyMembershipSchema.class {}
PartyMembershipSchema.setClass(PartyMembership);

export { PartyMembershipSchema };

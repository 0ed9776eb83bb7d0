import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { WEALTH_LEVELS } from '@shotcaller/contracts';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { User } from '../users/user.entity.js';
import { Weapon } from '../weapons/weapon.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

/** A JSON object of named values (action values, description, skills): the service fills in the default keys. */
export type NamedValues = Record<string, string | number | boolean | null>;

const CharacterSchema = defineEntity({
  name: 'Character',
  tableName: 'characters',
  uniques: [
    {
      name: 'characters_campaign_name_unique',
      expression:
        'create unique index characters_campaign_name_unique on characters (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('characters'),
    { name: 'characters_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'characters_user_index', properties: ['user'] },
    { name: 'characters_faction_index', properties: ['faction'] },
    { name: 'characters_juncture_index', properties: ['juncture'] },
    { name: 'characters_equipped_weapon_index', properties: ['equippedWeapon'] },
  ],
  checks: [
    { name: 'characters_impairments_check', expression: 'impairments >= 0' },
    {
      name: 'characters_wealth_check',
      expression: `wealth in (${WEALTH_LEVELS.map((wealth) => `'${wealth}'`).join(', ')})`,
    },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('characters_campaign_id_fkey').deleteRule('cascade'),
    /** The owner: a member of the campaign or its gamemaster; cleared when their account is deleted. */
    user: () => p.manyToOne(User).nullable().foreignKeyName('characters_user_id_fkey').deleteRule('set null'),
    faction: () =>
      p.manyToOne(Faction).nullable().foreignKeyName('characters_faction_id_fkey').deleteRule('set null'),
    juncture: () =>
      p.manyToOne(Juncture).nullable().foreignKeyName('characters_juncture_id_fkey').deleteRule('set null'),
    equippedWeapon: () =>
      p
        .manyToOne(Weapon)
        .nullable()
        .foreignKeyName('characters_equipped_weapon_id_fkey')
        .deleteRule('set null'),
    name: p.string().length(255),
    impairments: p.integer().default(0),
    color: p.string().length(50).nullable(),
    /** One of WEALTH_LEVELS. */
    wealth: p.string().length(20).nullable(),
    summary: p.text().nullable(),
    task: p.boolean().default(false),
    isTemplate: p.boolean().default(false),
    /** Guns, Defense, Wounds..., and `Type` (PC, Ally, Mook, Featured Foe, Boss, Uber-Boss). */
    actionValues: p.json<NamedValues>().defaultRaw(`'{}'`),
    /** Nicknames, Age, Appearance, Melodramatic Hook... */
    description: p.json<NamedValues>().defaultRaw(`'{}'`),
    skills: p.json<NamedValues>().defaultRaw(`'{}'`),
    /** `up_check_required`, `out_of_fight`. */
    status: p.json<string[]>().defaultRaw(`'[]'`),
    /** The media service's image. */
    imageId: p.uuid().nullable(),
    active: p.boolean().default(true),
    /** The Notion page it is synced to, in its campaign's Notion database (32 hex digits). */
    notionPageId: p.string().length(32).nullable(),
    /** When its Notion page was last written. */
    lastSyncedToNotionAt: p.datetime().nullable(),
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

export class Character extends CharacterSchema.class {}
CharacterSchema.setClass(Character);

export { CharacterSchema };

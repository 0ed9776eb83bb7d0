import type { Wealth } from '@shotcaller/contracts';
import type { JsonValues } from '../shared/values.rules.js';

/*
 * The shape of the starter content: plain data, linked by name (names are unique within each kind here, so a
 * character names its schticks and weapons, a juncture its faction). The values follow the same rules as the API's
 * (starter-content.rules.ts checks them before anything is written).
 */

export interface StarterFaction {
  name: string;
  description: string;
}

export interface StarterJuncture {
  name: string;
  description: string;
  faction?: string;
}

export interface StarterSchtick {
  name: string;
  description: string;
  /** One of SCHTICK_CATEGORIES, unless the path is "Core". */
  category: string;
  path: string;
  /** Another starter schtick of the same category and path. */
  prerequisite?: string;
  archetypes: string[];
  bonus?: boolean;
  color?: string;
}

export interface StarterWeapon {
  name: string;
  description: string;
  damage: number;
  concealment: number | null;
  reload_value: number | null;
  /** The juncture's name, as weapons keep it (text, not a link). */
  juncture: string;
  category: string;
  mook_bonus?: number;
  kachunk?: boolean;
}

export interface StarterCharacter {
  name: string;
  summary: string;
  faction?: string;
  juncture?: string;
  wealth?: Wealth;
  color?: string;
  action_values: JsonValues;
  skills: JsonValues;
  description: JsonValues;
  schticks: string[];
  weapons: string[];
  /** One of `weapons`. */
  equipped_weapon?: string;
}

export interface StarterVehicle {
  name: string;
  faction?: string;
  juncture?: string;
  color?: string;
  action_values: JsonValues;
  description: JsonValues;
}

export interface StarterContent {
  /** The master template campaign's name and description, when the loader creates it. */
  campaign: { name: string; description: string };
  factions: StarterFaction[];
  junctures: StarterJuncture[];
  schticks: StarterSchtick[];
  weapons: StarterWeapon[];
  characters: StarterCharacter[];
  vehicles: StarterVehicle[];
}

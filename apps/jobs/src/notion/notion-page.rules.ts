import { CHARACTER_INTEGER_ACTION_VALUES, type NotionCharacter } from '@shotcaller/contracts';
import { plainText } from '../pdf/sheet-text.rules.js';

/** The longest text of one rich text object Notion accepts. */
export const NOTION_TEXT_MAX = 2000;
/** The most rich text objects one property holds. */
export const NOTION_RICH_TEXT_ITEMS_MAX = 100;

/**
 * The properties a synced character's page has: the database must have them (the README lists them), with
 * these names and types. Each whole-number action value is a Number property named after it.
 */
export const NotionPropertyNames = {
  name: 'Name',
  type: 'Type',
  archetype: 'Archetype',
  description: 'Description',
} as const;

/** The action values synced as Number properties: the standard whole-number ones, always all of them. */
export const NOTION_NUMBER_ACTION_VALUES = CHARACTER_INTEGER_ACTION_VALUES;

export interface NotionTextItem {
  type: 'text';
  text: { content: string };
}

export type NotionPropertyValue =
  | { title: NotionTextItem[] }
  | { rich_text: NotionTextItem[] }
  | { select: { name: string } | null }
  | { number: number | null };

/**
 * `text` as Notion rich text: pieces of at most 2000 characters (UTF-16 units, as Notion counts), never splitting a
 * surrogate pair, at most 100 pieces; what would not fit is cut off. Empty text is no pieces.
 */
export function notionRichText(text: string): NotionTextItem[] {
  const items: NotionTextItem[] = [];
  let start = 0;
  while (start < text.length && items.length < NOTION_RICH_TEXT_ITEMS_MAX) {
    let end = Math.min(text.length, start + NOTION_TEXT_MAX);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    items.push({ type: 'text', text: { content: text.slice(start, end) } });
    start = end;
  }
  return items;
}

/** A short text value of the map, or null (numbers, flags and blanks are not text). */
function textValue(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * The page properties for `character`: Name (title), Type (select, cleared when the character has none),
 * Archetype and Description (rich text, emptied when absent; the editor's HTML as plain text) and one Number per standard whole-number action
 * value (null when the character has none). Every property is always written, so an update clears what the
 * character no longer has.
 */
export function notionPageProperties(character: NotionCharacter): Record<string, NotionPropertyValue> {
  const values = character.action_values;
  const type = character.type ?? textValue(values.Type);
  const properties: Record<string, NotionPropertyValue> = {
    [NotionPropertyNames.name]: { title: notionRichText(character.name) },
    [NotionPropertyNames.type]: { select: type === null ? null : { name: type } },
    [NotionPropertyNames.archetype]: { rich_text: notionRichText(textValue(values.Archetype) ?? '') },
    [NotionPropertyNames.description]: { rich_text: notionRichText(plainText(character.description ?? '')) },
  };
  for (const key of NOTION_NUMBER_ACTION_VALUES) {
    const value = values[key];
    properties[key] = { number: typeof value === 'number' && Number.isFinite(value) ? value : null };
  }
  return properties;
}

import type { NotionCharacter } from '@shotcaller/contracts';
import {
  NOTION_NUMBER_ACTION_VALUES,
  NOTION_RICH_TEXT_ITEMS_MAX,
  NOTION_TEXT_MAX,
  notionPageProperties,
  notionRichText,
  type NotionTextItem,
} from './notion-page.rules.js';

const character = (changes: Partial<NotionCharacter> = {}): NotionCharacter => ({
  name: 'Johnny Tso',
  type: 'Featured Foe',
  action_values: { Guns: 14, Defense: 13, Archetype: 'Killer', Type: 'Boss', Custom: 3, Speed: null },
  description: 'A hitman with a heart of lead.',
  ...changes,
});

const contents = (items: { text: { content: string } }[]) => items.map((item) => item.text.content);

describe('notionRichText', () => {
  it('is no pieces for empty text and one piece for short text', () => {
    expect(notionRichText('')).toEqual([]);
    expect(notionRichText('Kung fu')).toEqual([{ type: 'text', text: { content: 'Kung fu' } }]);
  });

  it('splits long text into pieces of at most 2000 characters that join back to it', () => {
    const text = 'abcdefghij'.repeat(450);
    const pieces = contents(notionRichText(text));
    expect(pieces.map((piece) => piece.length)).toEqual([2000, 2000, 500]);
    expect(pieces.join('')).toBe(text);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(NOTION_TEXT_MAX - 1)}😀tail`;
    const pieces = contents(notionRichText(text));
    expect(pieces[0]).toHaveLength(NOTION_TEXT_MAX - 1);
    expect(pieces[1].startsWith('😀')).toBe(true);
    expect(pieces.join('')).toBe(text);
  });

  it('keeps at most 100 pieces, cutting off the rest', () => {
    const pieces = notionRichText('x'.repeat(NOTION_TEXT_MAX * (NOTION_RICH_TEXT_ITEMS_MAX + 3)));
    expect(pieces).toHaveLength(NOTION_RICH_TEXT_ITEMS_MAX);
    expect(pieces.every((piece) => piece.text.content.length === NOTION_TEXT_MAX)).toBe(true);
  });
});

describe('notionPageProperties', () => {
  it('writes the name as the title, the type as a select, archetype and description as rich text', () => {
    const properties = notionPageProperties(character());
    expect(properties.Name).toEqual({ title: [{ type: 'text', text: { content: 'Johnny Tso' } }] });
    expect(properties.Type).toEqual({ select: { name: 'Featured Foe' } });
    expect(properties.Archetype).toEqual({ rich_text: [{ type: 'text', text: { content: 'Killer' } }] });
    expect(properties.Description).toEqual({
      rich_text: [{ type: 'text', text: { content: 'A hitman with a heart of lead.' } }],
    });
  });

  it('writes every standard whole-number action value as a number, null when the character has none', () => {
    const properties = notionPageProperties(character());
    expect(properties.Guns).toEqual({ number: 14 });
    expect(properties.Defense).toEqual({ number: 13 });
    expect(properties.Speed).toEqual({ number: null });
    expect(properties['Martial Arts']).toEqual({ number: null });
    expect(properties.Custom).toBeUndefined();
    expect(Object.keys(properties).sort()).toEqual(
      ['Name', 'Type', 'Archetype', 'Description', ...NOTION_NUMBER_ACTION_VALUES].sort(),
    );
  });

  it('takes the type from action_values when the character has none of its own, and clears what is absent', () => {
    expect(notionPageProperties(character({ type: null })).Type).toEqual({ select: { name: 'Boss' } });
    const bare = notionPageProperties(character({ type: null, action_values: {}, description: null }));
    expect(bare.Type).toEqual({ select: null });
    expect(bare.Archetype).toEqual({ rich_text: [] });
    expect(bare.Description).toEqual({ rich_text: [] });
    expect(bare.Guns).toEqual({ number: null });
  });

  it('splits a long description within Notion limits', () => {
    const description = 'The Dragon Fist strikes. '.repeat(800);
    const pieces = (notionPageProperties(character({ description })).Description as { rich_text: [] })
      .rich_text as { text: { content: string } }[];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => piece.text.content.length <= NOTION_TEXT_MAX)).toBe(true);
    expect(contents(pieces).join('')).toBe(description);
  });
});

describe('the description', () => {
  it("is written as plain text when it holds the description editor's HTML", () => {
    const description =
      'Background: <p>Ex-cop from <strong>Hong Kong</strong>.</p><p>Wants revenge &amp; more.</p>';
    const properties = notionPageProperties(character({ description }));
    expect(contents((properties.Description as { rich_text: NotionTextItem[] }).rich_text).join('')).toBe(
      'Background: Ex-cop from Hong Kong.\nWants revenge & more.',
    );
  });
});

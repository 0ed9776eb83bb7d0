import { NOTION_DESCRIPTION_MAX, notionDescriptionFrom } from './notion.jobs.js';

describe('notionDescriptionFrom', () => {
  it('is null for no description, or one without text', () => {
    expect(notionDescriptionFrom(null)).toBeNull();
    expect(notionDescriptionFrom(undefined)).toBeNull();
    expect(notionDescriptionFrom({})).toBeNull();
    expect(notionDescriptionFrom({ Age: '  ', Background: '' })).toBeNull();
  });

  it('joins the entries with text, the standard keys first in their usual order, then the others', () => {
    expect(
      notionDescriptionFrom({
        Hometown: 'Hong Kong',
        'Melodramatic Hook': 'Revenge',
        Age: ' 42 ',
        Background: '<p>Ex-cop.</p>',
        Height: '',
      }),
    ).toBe('Age: 42\n\nBackground: <p>Ex-cop.</p>\n\nMelodramatic Hook: Revenge\n\nHometown: Hong Kong');
  });

  it('is cut at NOTION_DESCRIPTION_MAX, never inside a surrogate pair', () => {
    const long = notionDescriptionFrom({ Background: 'x'.repeat(NOTION_DESCRIPTION_MAX) });
    expect(long).toHaveLength(NOTION_DESCRIPTION_MAX);
    const prefix = 'Background: ';
    const emoji = notionDescriptionFrom({
      Background: `${'x'.repeat(NOTION_DESCRIPTION_MAX - prefix.length - 1)}😀😀`,
    });
    expect(emoji).toHaveLength(NOTION_DESCRIPTION_MAX - 1);
    expect(emoji?.endsWith('x')).toBe(true);
  });
});

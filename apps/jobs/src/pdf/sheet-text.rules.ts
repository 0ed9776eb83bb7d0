/*
 * Text as a character sheet shows it. The sheet draws with the PDF's built-in Helvetica (no font file ships with
 * the project, and embedding one would need fontkit), which encodes WinAnsi only: other characters are replaced
 * in what is drawn, never in a field's value.
 */

/** What a character the font cannot draw becomes. */
export const UNDRAWABLE_REPLACEMENT = '?';

const COMBINING_MARKS = /\p{M}/gu;

/**
 * `text` with every code point `canDraw` refuses replaced: by its letters without accents when those can be drawn
 * ("ő" → "o"), else by one "?" (an emoji, a Chinese character: one "?" each). Line feeds are kept when
 * `multiline`, else become spaces; other control characters become "?" like any undrawable one.
 */
export function drawableText(
  text: string,
  canDraw: (codePoint: number) => boolean,
  multiline = false,
): string {
  let drawable = '';
  for (const character of text.replace(/\r\n?/g, '\n')) {
    if (character === '\n') {
      drawable += multiline ? '\n' : ' ';
      continue;
    }
    if (character === '\t') {
      drawable += ' ';
      continue;
    }
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint >= 0x20 && canDraw(codePoint)) {
      drawable += character;
      continue;
    }
    const base = character.normalize('NFKD').replace(COMBINING_MARKS, '');
    const baseDrawable =
      base !== '' &&
      [...base].every((part) => (part.codePointAt(0) ?? 0) >= 0x20 && canDraw(part.codePointAt(0) ?? 0));
    drawable += baseDrawable ? base : UNDRAWABLE_REPLACEMENT;
  }
  return drawable;
}

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i;
const BLOCK_ENDS = /<\/(p|div|h[1-6]|li|blockquote|pre|tr)\s*>/gi;
const LINE_BREAKS = /<br\s*\/?>/gi;
const LIST_ITEMS = /<li(\s[^<>]*)?>/gi;
const TAGS = /<[^<>]*>/g;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const codePoint =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/**
 * The campaign's rich-text descriptions (the client's editor sends HTML with mentions) as plain text for a form
 * field: paragraphs and breaks become line feeds, list items "- ", other tags are dropped, entities decoded.
 * Text that holds no tag is returned as it is.
 */
export function plainText(text: string): string {
  if (!LOOKS_LIKE_HTML.test(text)) return text;
  const plain = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n/g, ' ')
    .replace(LINE_BREAKS, '\n')
    .replace(LIST_ITEMS, '- ')
    .replace(BLOCK_ENDS, '\n')
    .replace(TAGS, '');
  return decodeEntities(plain)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Text read from a PDF field as the campaign can store it: line ends as "\n", control characters other than
 * line feed and tab removed, unpaired surrogates replaced (U+FFFD), outer blanks trimmed.
 */
export function storableFieldText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .toWellFormed()
      .trim()
  );
}

/** Lines of `text` that fit `width` at the font's measure, breaking at spaces (a longer word is cut). */
export function wrapLines(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = word;
      while (line.length > 1 && measure(line) > width) {
        let cut = 1;
        while (cut < line.length - 1 && measure(line.slice(0, cut + 1)) <= width) cut += 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

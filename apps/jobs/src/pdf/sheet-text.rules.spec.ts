import { drawableText, plainText, storableFieldText, wrapLines } from './sheet-text.rules.js';

/** Latin-1 printable characters, as a stand-in for a font's character set. */
const latin1 = (codePoint: number) => codePoint >= 0x20 && codePoint <= 0xff && codePoint !== 0x7f;

describe('drawableText', () => {
  it('keeps what the font draws', () => {
    expect(drawableText('Zoë Ünal, 100% (7/1/3)', latin1)).toBe('Zoë Ünal, 100% (7/1/3)');
  });

  it('puts one "?" for each code point it cannot draw, emoji included', () => {
    expect(drawableText('李小龙 🐉 x', latin1)).toBe('??? ? x');
  });

  it('falls back to the letter without its accent when that can be drawn', () => {
    expect(drawableText('Hőse Łódź', latin1)).toBe('Hose ?ódz');
  });

  it('keeps line feeds in multiline text and turns them into spaces otherwise', () => {
    expect(drawableText('one\r\ntwo\rthree\tfour', latin1, true)).toBe('one\ntwo\nthree four');
    expect(drawableText('one\r\ntwo', latin1)).toBe('one two');
  });

  it('replaces other control characters', () => {
    expect(drawableText('a\u0000b\u0007c', latin1)).toBe('a?b?c');
  });
});

describe('plainText', () => {
  it('turns the editor HTML into lines', () => {
    expect(
      plainText(
        '<p>Ex-<strong>SAS</strong> &amp; bodyguard &lt;retired&gt;.</p><p>Knows <span data-type="mention" data-id="1">@Shing</span>.<br>Owes&nbsp;money.</p><ul><li>one</li><li>two</li></ul>',
      ),
    ).toBe('Ex-SAS & bodyguard <retired>.\nKnows @Shing.\nOwes money.\n- one\n- two');
  });

  it('decodes numeric entities', () => {
    expect(plainText('<p>&#233;t&#xE9; &#128009;</p>')).toBe('été 🐉');
  });

  it('leaves text without tags as it is', () => {
    expect(plainText('I <3 guns & 1 < 2\n  indented')).toBe('I <3 guns & 1 < 2\n  indented');
  });
});

describe('storableFieldText', () => {
  it('normalizes line ends, drops control characters, repairs lone surrogates and trims', () => {
    expect(storableFieldText(' a\r\nb\u0000c\u001b\td\ud800 ')).toBe('a\nbc\td\ufffd');
  });
});

describe('wrapLines', () => {
  const measure = (text: string) => text.length;

  it('breaks at spaces within the width and keeps paragraphs', () => {
    expect(wrapLines('the quick brown fox\njumps', 10, measure)).toEqual(['the quick', 'brown fox', 'jumps']);
  });

  it('cuts a word longer than the width', () => {
    expect(wrapLines('abcdefghijkl', 5, measure)).toEqual(['abcde', 'fghij', 'kl']);
  });
});

/** HTML that is already safe to insert: built by `html`, never from a plain string. */
export class SafeHtml {
  private constructor(readonly value: string) {}

  /** Only for markup written in this file and this folder's templates, never for a value. */
  static trusted(markup: string): SafeHtml {
    return new SafeHtml(markup);
  }

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

type HtmlValue = string | SafeHtml | readonly SafeHtml[];

/**
 * A template literal tag for HTML: every interpolated string is escaped; only SafeHtml (built by this tag) goes
 * in as it is. A template cannot forget to escape a value.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += insert(value) + (strings[index + 1] ?? '');
  });
  return SafeHtml.trusted(markup);
}

function insert(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string') return escapeHtml(value);
  return value.map((part) => part.value).join('');
}

import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import type pg from 'pg';
import { ErrorCode, HTTP_STATUS_BY_ERROR_CODE } from '@shotcaller/contracts';

/**
 * Generators of hostile input for the property-based edge suites (`test/e2e/hostile-input.e2e-spec.ts` over HTTP,
 * `apps/campaign/test/hostile-payloads.int-spec.ts` over NATS). Every value they make is refused by construction:
 * a field holds null where it may not, a wrong type, text PostgreSQL cannot store, nesting or lists past the
 * input limits, or an unknown key. Values stay small descriptions until they are written out, so a failing case
 * prints readably and the deep ones are built without recursion.
 */

/** Nesting limits the edges enforce (`INPUT_LIMITS` in libs/contracts): generated sizes start just past them. */
const PAST_MAX_DEPTH = 33;
const PAST_MAX_ARRAY = 1001;
const PAST_MAX_KEYS = 501;

/** A value `depth` levels of objects or arrays deep, written out as JSON text by repetition, never recursion. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly container: 'object' | 'array',
  ) {}

  [fc.toStringMethod](): string {
    return `Deep(${this.depth} ${this.container}s)`;
  }
}

/** An array of `length` copies of `item`. */
export class Huge {
  constructor(
    readonly length: number,
    readonly item: unknown,
  ) {}

  [fc.toStringMethod](): string {
    return `Huge(${this.length} x ${fc.stringify(this.item)})`;
  }
}

/** An object with `count` keys. */
export class ManyKeys {
  constructor(readonly count: number) {}

  [fc.toStringMethod](): string {
    return `ManyKeys(${this.count})`;
  }
}

/**
 * JSON text of a generated value. The walk goes only as deep as the description (a few levels): a Deep value is
 * written by repeating its brackets, so neither this nor the receiver's parser needs a deep stack to handle it.
 */
export function toJsonText(value: unknown): string {
  if (value instanceof Deep) {
    const [open, close] = value.container === 'object' ? ['{"a":', '}'] : ['[', ']'];
    return `${open.repeat(value.depth)}"deep"${close.repeat(value.depth)}`;
  }
  if (value instanceof Huge)
    return `[${new Array<string>(value.length).fill(toJsonText(value.item)).join(',')}]`;
  if (value instanceof ManyKeys) {
    return `{${Array.from({ length: value.count }, (_, index) => `"k${index}":${index}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a field accepts, read from the OpenAPI document (HTTP) or from a contract class's rules (NATS). */
export interface FieldSpec {
  kind: 'text' | 'id' | 'enum' | 'boolean' | 'number' | 'integer' | 'list' | 'object' | 'unknown';
  required: boolean;
  /** `null` is a valid value (it clears the field). */
  nullable: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  values?: readonly string[];
  /** A valid example: an email, an address. */
  example?: string;
  items?: FieldSpec;
  /** The fields of an object, when known. */
  fields?: Record<string, FieldSpec>;
  /** Blank text is read as the field left out (BlankAsAbsent): for an optional field, a valid value. */
  blankIsAbsent?: boolean;
}

const field = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  kind,
  required: false,
  nullable: false,
  ...extra,
});

type OpenApiSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
};

/** A field's spec from its OpenAPI schema (components resolved by `$ref`). */
export function specFromOpenApi(
  schema: OpenApiSchema,
  components: Record<string, OpenApiSchema>,
  required = false,
  seen: string[] = [],
): FieldSpec {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return field('object', { required });
    return specFromOpenApi(components[name] ?? {}, components, required, [...seen, name]);
  }
  if (schema.allOf?.length === 1) return specFromOpenApi(schema.allOf[0], components, required, seen);
  const common = {
    required,
    nullable: schema.nullable === true,
    ...(typeof schema.example === 'string' ? { example: schema.example } : {}),
  };
  if (schema.enum) return field('enum', { ...common, values: schema.enum });
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid'
        ? field('id', common)
        : field('text', { ...common, minLength: schema.minLength, maxLength: schema.maxLength });
    case 'boolean':
      return field('boolean', common);
    case 'integer':
    case 'number':
      return field(schema.type, { ...common, minimum: schema.minimum, maximum: schema.maximum });
    case 'array':
      return field('list', {
        ...common,
        items: specFromOpenApi(schema.items ?? {}, components, false, seen),
      });
    case 'object':
    case undefined:
      if (!schema.properties) return field(schema.type ? 'object' : 'unknown', common);
      return field('object', {
        ...common,
        fields: Object.fromEntries(
          Object.entries(schema.properties).map(([name, property]) => [
            name,
            specFromOpenApi(property, components, schema.required?.includes(name) ?? false, seen),
          ]),
        ),
      });
    default:
      return field('unknown', common);
  }
}

type Constructor = new () => object;
type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/**
 * The spec of a contract class from its class-validator rules: the same rules the service applies. Optional()
 * fields are conditional and refuse null (`notNull`); Nullable() ones are conditional without it.
 */
export function specFromClass(type: Constructor, seen: Constructor[] = []): FieldSpec {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
    byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  }
  const fields: Record<string, FieldSpec> = {};
  for (const [property, rules] of byProperty) {
    // Allow() alone: anything, or nothing, is taken (round-tripped fields the service ignores): no hostile value.
    if (rules.every((rule) => rule.type === 'whitelistValidation')) continue;
    const named = (name: string) => rules.find((rule) => rule.name === name);
    const has = (name: string) => named(name) !== undefined;
    const conditional = rules.some((rule) => rule.type === 'conditionalValidation');
    const common = { required: !conditional, nullable: conditional && !has('notNull') };
    const limit = (name: string) => named(name)?.constraints?.[0] as number | undefined;
    const nested = Reflect.getMetadata('design:type', type.prototype, property) as Constructor | undefined;
    if (has('isBoolean')) fields[property] = field('boolean', common);
    else if (has('isInt')) {
      fields[property] = field('integer', { ...common, minimum: limit('min'), maximum: limit('max') });
    } else if (has('isArray') || named('isUuid')?.each) {
      fields[property] = field('list', { ...common, items: field(has('isUuid') ? 'id' : 'unknown') });
    } else if (rules.some((rule) => rule.type === 'nestedValidation') || has('isObject')) {
      const known = nested && !seen.includes(nested) && nested !== Object;
      fields[property] = known
        ? { ...specFromClass(nested, [...seen, type]), ...common }
        : field('object', common);
    } else if (has('isUuid')) fields[property] = field('id', common);
    else if (has('isIn')) {
      fields[property] = field('enum', { ...common, values: named('isIn')?.constraints?.[0] as string[] });
    } else if (['isString', 'isEmail', 'isIp', 'matches', 'maxLength'].some(has)) {
      const example = has('isEmail') ? 'someone@example.com' : has('isIp') ? '203.0.113.7' : undefined;
      fields[property] = field('text', {
        ...common,
        minLength: limit('minLength'),
        maxLength: limit('maxLength'),
        ...(example ? { example } : {}),
      });
    } else fields[property] = field('unknown', common);
    if (readsBlankAsAbsent(type, property)) fields[property].blankIsAbsent = true;
  }
  return field('object', { required: true, fields });
}

/** Whether the class's transforms (as the validation pipes run them) turn a blank value of the field into none. */
function readsBlankAsAbsent(type: Constructor, property: string): boolean {
  const read = plainToInstance(type, { [property]: ' ' }) as Record<string, unknown>;
  return read[property] === undefined;
}

/** Text that is empty or only spaces. */
const isBlankText = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** Ids the baseline (valid) values use, by what they name. */
export interface RealIds {
  campaign: string;
  user: string;
}

/** A valid value for a field: the baseline a hostile change is made to, so the change is what gets refused. */
export function baselineOf(spec: FieldSpec, ids: RealIds, name = ''): unknown {
  switch (spec.kind) {
    case 'text': {
      const text = spec.example ?? 'Valid2name'.padEnd(spec.minLength ?? 0, 'x');
      return spec.maxLength === undefined ? text : text.slice(0, spec.maxLength);
    }
    case 'id':
      return name.includes('user') ? ids.user : ids.campaign;
    case 'enum':
      return spec.values?.[0] ?? '';
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return spec.minimum ?? 1;
    case 'list':
      return [];
    case 'object':
      return Object.fromEntries(
        Object.entries(spec.fields ?? {})
          .filter(([, child]) => child.required)
          .map(([key, child]) => [key, baselineOf(child, ids, key)]),
      );
    default:
      return 'Valid2name';
  }
}

/** Text with a NUL or an unpaired surrogate (high or low) somewhere in it. */
export const unstorableText: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
    fc.string({ maxLength: 6 }),
  )
  .map(([before, bad, after]) => before + bad + after);

/** Keys no contract declares (the zz_ prefix) and that nothing echoes back as text resembling a stack frame. */
export const unknownKey: fc.Arbitrary<string> = fc
  .stringMatching(/^[a-z0-9_]{1,10}$/)
  .map((key) => `zz_${key}`);

/**
 * Keys naming a member of Object.prototype. Validation looks fields up by name in plain objects, where these
 * always resolve, and `__proto__` rewrites a prototype: they must be refused like any other unknown key.
 */
export const builtInKey: fc.Arbitrary<string> = fc.constantFrom(
  ...Object.getOwnPropertyNames(Object.prototype),
);

/** Integers past Number.MAX_SAFE_INTEGER, as JSON numbers: no count, page or size is that large. */
export const unsafeInteger: fc.Arbitrary<number> = fc.constantFrom(
  1e20,
  -1e20,
  2 ** 53 + 2,
  1e300,
  -(2 ** 60),
);

/** The same as the digits a query string carries (17 digits and more: past 2^53). */
export const unsafeIntegerText: fc.Arbitrary<string> = fc.stringMatching(/^[1-9][0-9]{16,30}$/);

/** Paths (keys from the top) of every integer or number field of an object spec. */
export function numericPaths(spec: FieldSpec, path: string[] = []): string[][] {
  return Object.entries(spec.fields ?? {}).flatMap(([name, child]) =>
    child.kind === 'integer' || child.kind === 'number'
      ? [[...path, name]]
      : child.kind === 'object'
        ? numericPaths(child, [...path, name])
        : [],
  );
}

/** A copy of a baseline object with the value at `path` replaced (objects on the way are created). */
export function withValueAt(
  base: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return base;
  const inner = (base[head] ?? {}) as Record<string, unknown>;
  return { ...base, [head]: rest.length === 0 ? value : withValueAt(inner, rest, value) };
}

const word = fc.stringMatching(/^[a-z]{1,12}$/);
const smallJson = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), word);

/** Deep nesting (past the limit, often by thousands of levels), lists past the limit, objects with too many keys. */
export const oversized: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: PAST_MAX_DEPTH, max: 20_000 }),
      fc.constantFrom('object' as const, 'array' as const),
    )
    .map(([depth, container]) => new Deep(depth, container)),
  fc
    .tuple(fc.integer({ min: PAST_MAX_ARRAY, max: 5000 }), smallJson)
    .map(([length, item]) => new Huge(length, item)),
  fc.integer({ min: PAST_MAX_KEYS, max: 800 }).map((count) => new ManyKeys(count)),
);

/** Values that are refused whatever field holds them: unstorable text and oversized structures. */
export const refusedAnywhere: fc.Arbitrary<unknown> = fc.oneof(
  unstorableText,
  oversized,
  fc.array(unstorableText, { minLength: 1, maxLength: 3 }),
  fc.dictionary(word, unstorableText, { minKeys: 1, maxKeys: 2 }),
);

const notAnInteger = fc.oneof(fc.constantFrom('abc', '1.5', '1e3', '', ' ', '0x10', 'NaN'), word);
const notABoolean = fc.constantFrom('yes', 'no', 'on', 'TRUE', 'False', '', 'maybe', '2');
const someObject = fc.oneof(fc.constant({}), fc.dictionary(word, smallJson, { minKeys: 1, maxKeys: 3 }));
const someArray = fc.oneof(fc.constant([]), fc.array(smallJson, { minLength: 1, maxLength: 3 }));

/** A value of another JSON type than the field takes (text where a list is due, a number where text is...). */
export function wrongTypeFor(spec: FieldSpec): fc.Arbitrary<unknown> | undefined {
  switch (spec.kind) {
    case 'text':
    case 'id':
    case 'enum':
      return fc.oneof(fc.integer(), fc.constant(1.5), fc.boolean(), someObject, someArray);
    case 'boolean':
      // Numbers stay numbers (only the strings "true", "1", "false" and "0" read as booleans in queries).
      return fc.oneof(fc.integer(), notABoolean, someObject, someArray);
    case 'number':
    case 'integer':
      return fc.oneof(notAnInteger, fc.boolean(), someObject, someArray);
    case 'list':
      // A comma-separated string is a list in queries: words that are not ids stay wrong.
      return fc.oneof(fc.integer(), fc.boolean(), someObject, ...(spec.items?.kind === 'id' ? [word] : []));
    case 'object':
      return fc.oneof(word, fc.integer(), fc.boolean(), someArray);
    default:
      return undefined;
  }
}

const notAUuid = fc.oneof(
  word,
  fc.uuid().map((id) => `${id}x`),
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => id.slice(0, 35)),
  fc.integer({ min: 37, max: 2000 }).map((length) => 'a'.repeat(length)),
);

/** A value of the right type that still breaks the field's rules. */
function invalidValueFor(spec: FieldSpec, base: unknown): fc.Arbitrary<unknown> | undefined {
  const options: fc.Arbitrary<unknown>[] = [];
  if (spec.kind === 'text' && spec.maxLength !== undefined) {
    options.push(fc.integer({ min: 1, max: 40 }).map((extra) => 'x'.repeat(spec.maxLength! + extra)));
  }
  if (spec.kind === 'text' && (spec.minLength ?? 0) > 1) {
    options.push(fc.constant('x'.repeat(spec.minLength! - 1)));
  }
  if (spec.kind === 'id') options.push(notAUuid);
  if (spec.kind === 'enum') {
    const values = (spec.values ?? []).map((value) => value.toLowerCase());
    options.push(word.filter((candidate) => !values.includes(candidate)));
  }
  if ((spec.kind === 'integer' || spec.kind === 'number') && spec.minimum !== undefined) {
    // Below the minimum, however low it is (a swerve may be -1000).
    options.push(fc.integer({ min: Math.min(-1000, spec.minimum - 1000), max: spec.minimum - 1 }));
  }
  if ((spec.kind === 'integer' || spec.kind === 'number') && spec.maximum !== undefined) {
    options.push(fc.integer({ min: spec.maximum + 1, max: spec.maximum + 1000 }));
  }
  if (spec.kind === 'integer') options.push(fc.constantFrom(1.5, 2.25));
  if (spec.kind === 'list' && spec.items) {
    const badItem = fc.oneof(
      ...[wrongTypeFor(spec.items), spec.items.kind === 'id' ? notAUuid : undefined, refusedAnywhere].filter(
        (arbitrary): arbitrary is fc.Arbitrary<unknown> => arbitrary !== undefined,
      ),
    );
    options.push(fc.array(badItem, { minLength: 1, maxLength: 3 }));
  }
  if (spec.kind === 'object' && spec.fields) {
    options.push(hostileObject(spec, (base ?? {}) as Record<string, unknown>));
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** A value this field must refuse: null (unless nullable), a wrong type, a broken rule, or one refused anywhere. */
export function hostileValueFor(spec: FieldSpec, base?: unknown): fc.Arbitrary<unknown> {
  const options = [
    spec.nullable ? undefined : fc.constant(null),
    wrongTypeFor(spec),
    invalidValueFor(spec, base),
    refusedAnywhere,
  ].filter((arbitrary): arbitrary is fc.Arbitrary<unknown> => arbitrary !== undefined);
  // An optional field that reads blank text as left out takes it: blank is not hostile there.
  if (spec.blankIsAbsent && !spec.required)
    return fc.oneof(...options).filter((value) => !isBlankText(value));
  return fc.oneof(...options);
}

/** One change that makes an object unacceptable; each stays unacceptable whatever changes follow it. */
type Mutation =
  | { set: string; value: unknown }
  | { drop: string }
  | { unknown: string; value: unknown }
  | { badKey: string; value: unknown }
  | { builtIn: string; value: unknown };

/**
 * An object (a body, an envelope, a payload) made unacceptable by one to three changes to a valid baseline: a
 * field set to a value it must refuse, a required field dropped, an unknown key, a key that is not storable
 * text, or a key naming a member of Object.prototype.
 */
export function hostileObject(spec: FieldSpec, base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = Object.entries(spec.fields ?? {});
  const required = fields.filter(([, child]) => child.required).map(([name]) => name);
  const mutations: fc.Arbitrary<Mutation>[] = [
    fc.record({ unknown: unknownKey, value: fc.oneof(smallJson, refusedAnywhere) }),
    fc.record({ badKey: unstorableText, value: smallJson }),
    fc.record({ builtIn: builtInKey, value: fc.oneof(smallJson, someObject) }),
  ];
  if (fields.length > 0) {
    mutations.push(
      fc
        .constantFrom(...fields)
        .chain(([name, child]) =>
          hostileValueFor(child, base[name]).map((value): Mutation => ({ set: name, value })),
        ),
    );
  }
  if (required.length > 0) mutations.push(fc.constantFrom(...required).map((name) => ({ drop: name })));
  return fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }).map((changes) => {
    const result: Record<string, unknown> = { ...base };
    for (const change of changes) {
      if ('set' in change) result[change.set] = change.value;
      else if ('drop' in change) delete result[change.drop];
      else if ('unknown' in change) result[change.unknown] = change.value;
      else if ('badKey' in change) result[change.badKey] = change.value;
      // An own property, as JSON.parse makes it: assigning `__proto__` would set the prototype instead.
      else
        Object.defineProperty(result, change.builtIn, {
          value: change.value,
          enumerable: true,
          writable: true,
        });
    }
    return result;
  });
}

/** A whole body or payload that is refused: not an object at all, or an object made unacceptable. */
export function hostilePayload(spec: FieldSpec, base: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), word, unstorableText) },
    { weight: 1, arbitrary: fc.oneof(someArray, oversized) },
    { weight: 4, arbitrary: hostileObject(spec, base) },
  );
}

/** Row counts and checksums of every table a refused request must leave alone. */
export async function tableFingerprint(db: pg.Client): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    users: 'id',
    campaigns: 'id',
    campaign_memberships: 'id',
    sign_in_failures: 'user_id, client_address',
    invitations: 'id',
    factions: 'id',
    // A faction's members, which its writes link and unlink.
    characters: 'id',
    vehicles: 'id',
    junctures: 'id',
    sites: 'id',
    parties: 'id',
    // Who is attuned to a site, which its writes replace.
    attunements: 'id',
    // Who is in a party, which its writes replace.
    party_memberships: 'id',
    weapons: 'id',
    schticks: 'id',
    // Who carries a weapon and who has a schtick, which their deletes remove.
    carries: 'id',
    character_schticks: 'id',
    // A fight's combatants (its shots) and its log, which fight and shot writes change.
    fights: 'id',
    shots: 'id',
    fight_events: 'id',
    // A fight's effects (fight-wide and on shots) and its chases, which their writes change.
    effects: 'id',
    character_effects: 'id',
    chase_relationships: 'id',
  };
  const columns = Object.entries(tables).map(
    ([table, order]) =>
      `(select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by ${order})), '-') from ${table} t) as ${table}`,
  );
  const result = await db.query<Record<string, string>>(`select ${columns.join(', ')}`);
  return result.rows[0];
}

/** Nothing in an error sent to a client may look like a stack frame, a source location or an internal failure. */
export const INTERNALS =
  /\bat [\w.<>]+ \(|\.(ts|js):\d+|"stack"|TypeError|RangeError|ReferenceError|SyntaxError|Cannot read|is not a function|Maximum call stack/;

/** The error code is one the contracts know, and its status is the one the contracts give that code. */
export function statusOfKnownCode(code: unknown): number | undefined {
  return Object.values(ErrorCode).includes(code as ErrorCode)
    ? HTTP_STATUS_BY_ERROR_CODE[code as ErrorCode]
    : undefined;
}

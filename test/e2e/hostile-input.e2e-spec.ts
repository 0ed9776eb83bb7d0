import fc from 'fast-check';
import type { Response, Test } from 'supertest';
import { bootLocation } from '../../apps/realtime-location/src/boot.js';
import { loadLocationConfig } from '../../apps/realtime-location/src/config.js';
import {
  baselineOf,
  hostilePayload,
  INTERNALS,
  numericPaths,
  specFromOpenApi,
  statusOfKnownCode,
  tableFingerprint,
  toJsonText,
  unknownKey,
  unsafeInteger,
  unsafeIntegerText,
  unstorableText,
  withValueAt,
  type FieldSpec,
} from './support/hostile-input.js';
import { expectNoStackTrace, signUp, Stack, type Account } from './support/stack.js';

/**
 * Every route the gateway serves, sent generated hostile requests: each has at least one part the route must
 * refuse (a body, path segment, query, token or content type), and every answer must be a 4xx error body without
 * internals, with nothing written. Routes are read from Express's router and their inputs from the OpenAPI
 * document, so a route added later is covered here without editing this file.
 */

/** Generated requests per route: fixed, so the file's running time is bounded (fast-check prints its seed). */
const RUNS_PER_ROUTE = 100;
const RUNS_PER_NUMERIC_ROUTE = 20;

/**
 * Longest path and query generated. Node's HTTP parser answers a request head over 16 KiB itself, with a bare
 * 431 the application never sees; these requests stay under it so that every one reaches the gateway, the
 * longest generated Authorization header (a 6,000-character token) and the other headers included.
 */
const URL_BUDGET = 9_000;

// Rate limits high enough never to answer 429 here: a 429 would hide what the route itself does.
const UNLIMITED = {
  RATE_LIMIT_API_PER_MINUTE: '1000000',
  RATE_LIMIT_REGISTER_PER_MINUTE: '1000000',
  RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: '1000000',
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: '1000000',
  RATE_LIMIT_INVITE_PER_USER_PER_MINUTE: '1000000',
};

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

interface Operation {
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    schema?: object;
  }[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema?: object }>;
  };
  security?: unknown[];
}

interface Route {
  method: Method;
  /** Express's path template (`/api/v2/campaigns/:id`). */
  path: string;
  params: string[];
  signedIn: boolean;
  query: Record<string, FieldSpec>;
  body?: { spec: FieldSpec; required: boolean; multipartRecord?: string };
}

const stack = await Stack.start('e2e-hostile', { gateway: UNLIMITED, media: {} });
// The /api/location routes are answered by realtime-location.
const location = await bootLocation(
  loadLocationConfig(
    stack.env.common({ ...stack.env.redis(), DATABASE_URL: stack.env.databaseUrl('location') }),
  ),
  { host: '127.0.0.1' },
);
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;
let outsiderCampaignId: string;

afterAll(async () => {
  await location.close();
  await stack.stop();
});

const document = (await stack.http().get('/docs/json')).body as {
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components: { schemas: Record<string, object> };
};

/** Every route the gateway's Express app serves, but the docs and the health routes (they take no input). */
function servedRoutes(): { method: Method; path: string }[] {
  const express = stack.gateway.getHttpAdapter().getInstance() as {
    router: {
      stack: { route?: { path: string; methods: Record<string, boolean> } }[];
    };
  };
  return express.router.stack
    .filter(
      (layer) =>
        layer.route &&
        !layer.route.path.startsWith('/docs') &&
        !layer.route.path.startsWith('/health') &&
        !layer.route.path.startsWith('/metrics') &&
        // Nest's catch-all that answers 404: covered by the unknown-routes property below.
        !layer.route.path.includes('*'),
    )
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({
          method: method as Method,
          path: layer.route!.path,
        })),
    );
}

/** A route with its inputs as the OpenAPI document describes them (every served route is documented). */
function describeRoute(method: Method, path: string): Route {
  const operation = document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method];
  if (!operation)
    throw new Error(`${method.toUpperCase()} ${path} is served but not in the OpenAPI document`);
  const spec = (schema: object | undefined, required: boolean) =>
    specFromOpenApi(schema ?? {}, document.components.schemas, required);
  const query = Object.fromEntries(
    (operation.parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => [parameter.name, spec(parameter.schema, parameter.required ?? false)]),
  );
  const content = operation.requestBody?.content ?? {};
  const bodySpec = content['application/json'] ? spec(content['application/json'].schema, true) : undefined;
  const envelopes = Object.keys(bodySpec?.fields ?? {});
  return {
    method,
    path,
    params: [...path.matchAll(/:(\w+)/g)].map((match) => match[1]),
    signedIn: (operation.security?.length ?? 0) > 0,
    query,
    ...(bodySpec
      ? {
          body: {
            spec: bodySpec,
            required: operation.requestBody?.required ?? false,
            ...(content['multipart/form-data'] && envelopes.length === 1
              ? { multipartRecord: envelopes[0] }
              : {}),
          },
        }
      : {}),
  };
}

const routes = servedRoutes().map(({ method, path }) => describeRoute(method, path));
/** Literal path words of the served routes (`current`, `set`...): a generated id must not spell one. */
const literalSegments = new Set(routes.flatMap((route) => route.path.split('/')));
/** What Express would match a path against (case-insensitively, with or without a trailing slash). */
const routePatterns = routes.map((route) => new RegExp(`^${route.path.replace(/:\w+/g, '[^/]+')}/?$`, 'i'));

beforeAll(async () => {
  gm = await signUp(stack);
  player = await signUp(stack, { gamemaster: false });
  outsider = await signUp(stack);
  campaignId = await createCampaign(gm, 'Hong Kong Nights');
  outsiderCampaignId = await createCampaign(outsider, 'Not Yours');
  const added = await stack
    .http()
    .post('/api/v2/campaign_memberships')
    .auth(gm.token, { type: 'bearer' })
    .send({ membership: { campaign_id: campaignId, user_id: player.id } });
  expect(added.status).toBe(201);
});

async function createCampaign(owner: Account, name: string): Promise<string> {
  const created = await stack
    .http()
    .post('/api/v2/campaigns')
    .auth(owner.token, { type: 'bearer' })
    .send({ campaign: { name } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

// ---------------------------------------------------------------------------------------------------------------
// What a generated request is made of. Values stay descriptions (strings, tokens in <angle brackets>) until the
// request is sent, so a failing case prints readably and can be replayed from its seed.

/** Who calls: a signed-in user, or a request no token verification may accept. */
type Caller =
  | 'gm'
  | 'player'
  | 'anonymous'
  | 'Bearer not-a-token'
  | 'Bearer a.b.c'
  | 'Bearer'
  | 'Basic dXNlcjpzZWNyZXQ='
  | 'Token abc'
  | '<tampered signature>'
  | '<alg none>'
  | '<6000-character token>';

const badCallers: fc.Arbitrary<Caller> = fc.constantFrom(
  'anonymous',
  'Bearer not-a-token',
  'Bearer a.b.c',
  'Bearer',
  'Basic dXNlcjpzZWNyZXQ=',
  'Token abc',
  '<tampered signature>',
  '<alg none>',
  '<6000-character token>',
);

type Body =
  | { kind: 'none'; contentType?: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; contentType: string; text: string; encoding?: string }
  | { kind: 'multipart'; fields: Record<string, string>; file?: string };

interface HostileRequest {
  /** The parts made hostile: at least one of them is an input the route reads. */
  hostile: string[];
  caller: Caller;
  /** Path segments for the route's parameters, percent-encoded, or `<real>`/`<outsider campaign>`/... */
  segments: string[];
  /** The query string, percent-encoded as sent. */
  query: string;
  body: Body;
}

const word = fc.stringMatching(/^[a-z]{1,12}$/);
const isDotSegment = (segment: string) => /^(\.|%2e)+$/i.test(segment);

/** Path segments that name no record the caller may see. */
const hostileSegment: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(
      '%00',
      'a%00b',
      '%E0%A4%A',
      '%',
      '%%',
      '%ED%A0%80',
      '%ED%BF%BF',
      '%FF',
      '%C0%AF',
      '%uD800',
      '%2F',
      '%20',
      '%0A',
      'null',
      'undefined',
      '0',
      '-1',
      'true',
      '[]',
    ),
    fc.uuid().map((id) => `${id}%00`),
    fc.uuid().map((id) => `${id}x`),
    fc.uuid().map((id) => id.replace(/-/g, '')),
    fc.integer({ min: 37, max: URL_BUDGET / 2 }).map((length) => 'a'.repeat(length)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
    // Well-formed ids of records this caller may not see: none, someone else's campaign, someone else.
    fc.uuid(),
    fc.constantFrom('<outsider campaign>', '<outsider>', '<other member>'),
  )
  .filter((segment) => !isDotSegment(segment) && !literalSegments.has(segment));

const MALFORMED_ENCODINGS = ['%', '%E0%A4%A', '%ED%A0%80', '%FF', '%C0%AF', 'a%2', '%G1', '%uD800', '100%'];

/** Query-string text with a NUL, or percent-encoding that does not decode to text. */
const badQueryText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...MALFORMED_ENCODINGS),
  fc.tuple(word, word).map(([before, after]) => `${before}%00${after}`),
  unstorableText.filter((text) => text.includes('\0')).map((text) => encodeURIComponent(text)),
);

/** `key=value` pairs that break a query parameter of this spec (its value already percent-encoded). */
function hostileQueryPairs(name: string, spec: FieldSpec): fc.Arbitrary<string[]> {
  const one = (value: fc.Arbitrary<string>) => value.map((text) => [`${name}=${text}`]);
  const options: fc.Arbitrary<string[]>[] = [
    one(badQueryText),
    // An object, or nesting far past the parser's depth, where a value is expected.
    fc.tuple(word, word).map(([key, value]) => [`${name}[${key}]=${value}`]),
    fc.integer({ min: 6, max: 60 }).map((depth) => [`${name}${'[a]'.repeat(depth)}=1`]),
  ];
  if (spec.kind === 'list') {
    options.push(
      one(word),
      fc.tuple(word, fc.uuid()).map(([bad, id]) => [`${name}=${id},${bad}`]),
      fc.array(word, { minLength: 1, maxLength: 3 }).map((items) => items.map((item) => `${name}[]=${item}`)),
      // More ids than a page holds (the parser turns a list past its limit into an object).
      fc
        .tuple(fc.integer({ min: 201, max: 230 }), fc.uuid())
        .map(([length, id]) => new Array<string>(length).fill(`${name}[]=${id}`)),
    );
  } else {
    // A list where one value is expected: repeated, bracketed, or thousands long.
    options.push(
      fc.array(word, { minLength: 2, maxLength: 3 }).map((items) => items.map((item) => `${name}=${item}`)),
      fc.array(word, { minLength: 1, maxLength: 3 }).map((items) => items.map((item) => `${name}[]=${item}`)),
      fc
        .integer({
          min: 201,
          max: Math.max(201, Math.floor(URL_BUDGET / 2 / (name.length + 5))),
        })
        .map((length) => new Array<string>(length).fill(`${name}[]=x`)),
    );
  }
  if (spec.kind === 'integer' || spec.kind === 'number') {
    options.push(one(fc.oneof(word, fc.constantFrom('', 'NaN'))));
    if (spec.kind === 'integer') options.push(one(fc.constantFrom('1.5', '2.25')));
    if (spec.minimum !== undefined) options.push(one(fc.constant(String(spec.minimum - 1))));
    if (spec.maximum !== undefined) {
      options.push(one(fc.integer({ min: spec.maximum + 1, max: spec.maximum + 10_000 }).map(String)));
    }
  }
  // Not blank: every flag (FlagFilter) reads `key=` as the flag not sent, as the client sends an unset one, so a
  // blank flag is a valid request (`DELETE /api/v2/campaigns/:id?force=` deletes, `?autocomplete=` lists).
  if (spec.kind === 'boolean') options.push(one(fc.constantFrom('yes', 'no', 'on', 'TRUE', 'maybe', '2')));
  if (spec.kind === 'enum') {
    const values = (spec.values ?? []).map((value) => value.toLowerCase());
    options.push(one(word.filter((candidate) => !values.includes(candidate))));
  }
  if (spec.kind === 'text' && spec.maxLength !== undefined) {
    options.push(one(fc.integer({ min: 1, max: 50 }).map((extra) => 'x'.repeat(spec.maxLength! + extra))));
  }
  if (spec.kind === 'id') {
    options.push(
      one(
        fc.oneof(
          word,
          fc.uuid().map((id) => `${id}x`),
          fc.integer({ min: 37, max: 3000 }).map((n) => 'a'.repeat(n)),
        ),
      ),
      // One record named by id: one this caller may not see.
      one(fc.oneof(fc.uuid(), fc.constantFrom('<outsider campaign>', '<outsider>'))),
    );
  }
  return fc.oneof(...options);
}

/** The valid query of a route: its required parameters. */
function baselineQuery(route: Route): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(route.query)
      .filter(([, spec]) => spec.required)
      .map(([name, spec]) => [
        name,
        [`${name}=${String(baselineOf(spec, { campaign: campaignId, user: player.id }, name))}`],
      ]),
  );
}

/** A query this route must refuse: one to three parameters broken, dropped, or unreadable text anywhere in it. */
function hostileQuery(route: Route): fc.Arbitrary<string> {
  const params = Object.entries(route.query);
  const required = params.filter(([, spec]) => spec.required).map(([name]) => name);
  type Change = { replace: string; pairs: string[] } | { drop: string } | { add: string[] };
  const changes: fc.Arbitrary<Change>[] = [
    fc
      .tuple(fc.oneof(unknownKey, fc.constantFrom(...params.map(([name]) => name))), badQueryText)
      .map(([key, text]) => ({ add: [`${key}=${text}`] })),
    fc.constantFrom(...MALFORMED_ENCODINGS, 'a%00b').map((key) => ({ add: [`${key}=1`] })),
    fc.constantFrom(...params).chain(([name, spec]) =>
      hostileQueryPairs(name, spec).map((pairs): Change => ({
        replace: name,
        pairs,
      })),
    ),
  ];
  if (required.length > 0) changes.push(fc.constantFrom(...required).map((name) => ({ drop: name })));
  return fc.array(fc.oneof(...changes), { minLength: 1, maxLength: 3 }).map((list) => {
    const query = baselineQuery(route);
    const added: string[] = [];
    for (const change of list) {
      if ('replace' in change) query[change.replace] = change.pairs;
      else if ('drop' in change) delete query[change.drop];
      else added.push(...change.add);
    }
    return [...Object.values(query).flat(), ...added].join('&');
  });
}

/** Junk in a query the route does not read: it must not turn a refusal into a crash. */
const noiseQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.tuple(unknownKey, badQueryText).map(([key, text]) => `${key}=${text}`),
      fc.constantFrom(
        '__proto__[admin]=1',
        'constructor[prototype][admin]=1',
        '%=%',
        'a[b][c][d][e][f][g][h]=1',
      ),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((pairs) => pairs.join('&'));

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'text/html',
  'text/csv',
  'application/octet-stream',
  'application/vnd.api+json',
  'application/json-patch+json',
  'image/png',
];

/** A body the route's parsers must refuse whatever the route: a type the API does not read, or bad JSON. */
function unreadableBody(route: Route, baselineText: string): fc.Arbitrary<Body> {
  const text = fc.oneof(
    fc.constant(baselineText),
    fc.constantFrom('<campaign><name>x</name></campaign>', 'user[email]=a&user[password]=b', 'id=', '\u0000'),
    fc.string({ minLength: 1, maxLength: 40 }),
  );
  const options: fc.Arbitrary<Body>[] = [
    fc.tuple(fc.constantFrom(...WRONG_CONTENT_TYPES), text).map(([contentType, body]) => ({
      kind: 'text',
      contentType,
      text: body,
    })),
    // JSON in a charset or an encoding the parser does not read.
    fc.constantFrom('utf-16', 'latin1', 'ascii', 'x-unknown').map((charset) => ({
      kind: 'text',
      contentType: `application/json; charset=${charset}`,
      text: baselineText,
    })),
    fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'x-unknown').map((encoding) => ({
      kind: 'text',
      contentType: 'application/json',
      text: baselineText,
      encoding,
    })),
  ];
  // A form where the route reads only JSON: the record never reaches the route.
  if (route.body && !route.body.multipartRecord) {
    options.push(
      fc.constant<Body>({
        kind: 'multipart',
        fields: Object.fromEntries([[Object.keys(route.body.spec.fields ?? {})[0] ?? 'x', baselineText]]),
      }),
    );
  }
  return fc.oneof(...options);
}

/** JSON the parser refuses: broken syntax, or a top-level value that is not an object or array (strict mode). */
const malformedJson: fc.Arbitrary<Body> = fc
  .oneof(
    fc.constantFrom(
      '{',
      '{"user":',
      "{'a': 1}",
      '{"a": 1,}',
      '[1, 2',
      '"unterminated',
      '{"a": "b"} trailing',
      'null',
      '1',
      'true',
      '"text"',
      'NaN',
      'undefined',
      '{"a": undefined}',
      '\u0000',
      '\ufeff{}x',
    ),
    fc.string({ minLength: 1, maxLength: 40 }),
  )
  .filter((text) => !/^[ \t\n\r]*$/.test(text) && !parsesAsObjectOrArray(text))
  .map((text) => ({ kind: 'text', contentType: 'application/json', text }));

function parsesAsObjectOrArray(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/** A JSON body over the gateway's size limit (1 MiB by default). */
const tooLarge: fc.Arbitrary<Body> = fc.integer({ min: 1_100_000, max: 1_300_000 }).map((size) => ({
  kind: 'text',
  contentType: 'application/json',
  text: `{"zz_big":"${'x'.repeat(size)}"}`,
}));

/** Multipart bodies for routes that read a record from a form field, with the record (or the form) refused. */
function hostileMultipart(
  record: string,
  spec: FieldSpec,
  base: Record<string, unknown>,
): fc.Arbitrary<Body> {
  const envelope = spec.fields?.[record] ?? {
    kind: 'object',
    required: true,
    nullable: false,
  };
  return fc.oneof(
    hostilePayload(envelope, (base[record] ?? {}) as Record<string, unknown>).map((value): Body => ({
      kind: 'multipart',
      fields: { [record]: toJsonText(value) },
    })),
    fc
      .string({ maxLength: 20 })
      .filter((text) => !parsesAsObjectOrArray(text))
      .map((text): Body => ({ kind: 'multipart', fields: { [record]: text } })),
    fc.constant<Body>({
      kind: 'multipart',
      fields: { [record]: toJsonText(base[record]) },
      file: 'image',
    }),
    fc.constant<Body>({
      kind: 'multipart',
      fields: { [record]: toJsonText(base[record]) },
      file: 'document',
    }),
    fc.tuple(unknownKey, fc.string({ maxLength: 10 })).map(([key, value]): Body => ({
      kind: 'multipart',
      fields: { [record]: toJsonText(base[record]), [key]: value },
    })),
    fc.integer({ min: 11, max: 30 }).map((count): Body => ({
      kind: 'multipart',
      fields: Object.fromEntries([
        [record, toJsonText(base[record])],
        ...Array.from({ length: count }, (_, index) => [`zz_${index}`, 'x']),
      ]),
    })),
  );
}

/**
 * A request to this route with at least one part the route reads made hostile. Mostly exactly one, so that each
 * check is reached rather than masked by an earlier one (the content type is refused before the token is read,
 * the token before the body); now and then a few at once.
 */
function hostileRequest(route: Route): fc.Arbitrary<HostileRequest> {
  const base = route.body
    ? (baselineOf(route.body.spec, {
        campaign: campaignId,
        user: player.id,
      }) as Record<string, unknown>)
    : {};
  const baselineText = toJsonText(base);
  const read: string[] = [
    ...(route.signedIn ? ['auth'] : []),
    ...(route.params.length > 0 ? ['path'] : []),
    ...(Object.keys(route.query).length > 0 ? ['query'] : []),
  ];
  const hostileBodies: {
    name: string;
    weight: number;
    arbitrary: fc.Arbitrary<Body>;
  }[] = [
    {
      name: 'content type',
      weight: 2,
      arbitrary: unreadableBody(route, baselineText),
    },
    { name: 'malformed JSON', weight: 1, arbitrary: malformedJson },
    { name: 'body too large', weight: 1, arbitrary: tooLarge },
  ];
  if (route.body) {
    hostileBodies.push({
      name: 'body',
      weight: 8,
      arbitrary: hostilePayload(route.body.spec, base).map((value): Body => ({
        kind: 'json',
        value,
      })),
    });
    if (route.body.required) {
      hostileBodies.push({
        name: 'no body',
        weight: 1,
        arbitrary: fc.constantFrom<Body>({ kind: 'none' }, { kind: 'none', contentType: 'application/json' }),
      });
    }
    if (route.body.multipartRecord) {
      hostileBodies.push({
        name: 'multipart',
        weight: 3,
        arbitrary: hostileMultipart(route.body.multipartRecord, route.body.spec, base),
      });
    }
  }
  const hostileBody = fc.oneof(
    ...hostileBodies.map(({ name, weight, arbitrary }) => ({
      weight,
      arbitrary: arbitrary.map((body) => ({ hostile: name, body })),
    })),
  );
  const validBody: fc.Arbitrary<{ hostile: undefined; body: Body }> = route.body
    ? fc.constant({ hostile: undefined, body: { kind: 'json', value: base } })
    : // A route that reads no body ignores one: it may carry junk JSON when another part is hostile.
      fc
        .oneof(
          { weight: 3, arbitrary: fc.constant<Body>({ kind: 'none' }) },
          {
            weight: 1,
            arbitrary: hostilePayload({ kind: 'object', required: true, nullable: false }, {}).map(
              (value): Body => ({ kind: 'json', value }),
            ),
          },
        )
        .map((body) => ({ hostile: undefined, body }));
  const bodyFirst = hostileBody.chain((body) =>
    fc.tuple(
      fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, fc.subarray(read)),
      fc.constant(body),
    ),
  );
  const readFirst = fc.constantFrom(...(read.length > 0 ? read : ['auth'])).chain((primary) =>
    fc.tuple(
      fc
        .oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, fc.subarray(read))
        .map((extra) => [primary, ...extra.filter((part) => part !== primary)]),
      fc.oneof({ weight: 3, arbitrary: validBody }, hostileBody),
    ),
  );
  return (
    read.length > 0 ? fc.oneof({ weight: read.length * 2, arbitrary: readFirst }, bodyFirst) : bodyFirst
  )
    .chain(([parts, { hostile, body }]) => {
      const caller: fc.Arbitrary<Caller> = parts.includes('auth')
        ? badCallers
        : route.signedIn
          ? fc.constantFrom<Caller>('gm', 'player')
          : fc.constantFrom<Caller>('anonymous', 'gm');
      const segments = parts.includes('path')
        ? fc
            .tuple(
              fc.nat({ max: route.params.length - 1 }),
              fc.array(fc.option(hostileSegment, { nil: '<real>' }), {
                minLength: route.params.length,
                maxLength: route.params.length,
              }),
              hostileSegment,
            )
            .map(([at, list, forced]) => list.map((segment, index) => (index === at ? forced : segment)))
        : fc.constant(route.params.map(() => '<real>'));
      const query = parts.includes('query')
        ? hostileQuery(route)
        : Object.keys(route.query).length > 0
          ? fc.constant(Object.values(baselineQuery(route)).flat().join('&'))
          : fc.oneof({ weight: 3, arbitrary: fc.constant('') }, noiseQuery);
      return fc.record({
        hostile: fc.constant<string[]>([...parts, ...(hostile ? [hostile] : [])]),
        caller,
        segments,
        query,
        body: fc.constant(body),
      });
    })
    .filter(
      (request) =>
        request.query.length + request.segments.reduce((length, segment) => length + segment.length, 0) <=
        URL_BUDGET,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Sending a generated request, and what every answer must be.

function authorization(caller: Caller): string | undefined {
  const [header, payload, signature] = gm.token.split('.') as [string, string, string];
  switch (caller) {
    case 'anonymous':
      return undefined;
    case 'gm':
      return `Bearer ${gm.token}`;
    case 'player':
      return `Bearer ${player.token}`;
    case '<tampered signature>': {
      const at = Math.floor(signature.length / 2);
      const flipped = signature[at] === 'A' ? 'B' : 'A';
      return `Bearer ${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
    }
    case '<alg none>':
      return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    case '<6000-character token>':
      return `Bearer ${'a'.repeat(6000)}`;
    default:
      return caller;
  }
}

function segmentText(segment: string, route: Route, param: string, caller: Caller): string {
  const own = caller === 'player' ? player.id : gm.id;
  const namesUser = route.path.split('/').at(route.path.split('/').indexOf(`:${param}`) - 1) === 'users';
  switch (segment) {
    case '<real>':
      return namesUser ? own : campaignId;
    case '<outsider campaign>':
      return outsiderCampaignId;
    case '<outsider>':
      return outsider.id;
    case '<other member>':
      return caller === 'player' ? gm.id : player.id;
    default:
      return segment;
  }
}

function send(route: Route, request: HostileRequest): Test {
  let path = route.path;
  route.params.forEach((param, index) => {
    path = path.replace(`:${param}`, segmentText(request.segments[index], route, param, request.caller));
  });
  const query = request.query
    .replace(/<outsider campaign>/g, outsiderCampaignId)
    .replace(/<outsider>/g, outsider.id);
  const test = stack.http()[route.method](query ? `${path}?${query}` : path);
  const auth = authorization(request.caller);
  if (auth !== undefined) test.set('Authorization', auth);
  const { body } = request;
  switch (body.kind) {
    case 'none':
      if (body.contentType) test.set('Content-Type', body.contentType);
      return test;
    case 'json':
      return test.set('Content-Type', 'application/json').send(toJsonText(body.value));
    case 'text':
      if (body.encoding) test.set('Content-Encoding', body.encoding);
      return test.set('Content-Type', body.contentType).send(body.text);
    case 'multipart':
      for (const [name, value] of Object.entries(body.fields)) test.field(name, value);
      if (body.file) test.attach(body.file, Buffer.from('\x89PNG\r\n'), 'picture.png');
      return test;
  }
}

/** A refusal: a 4xx other than 429, as a JSON error body in the shared shape, with no internals in it. */
function expectRefusal(response: Response): void {
  const { status, body } = response;
  expect({
    status,
    refused: status >= 400 && status < 500 && status !== 429,
    body,
  }).toMatchObject({
    refused: true,
    body: { status, code: expect.any(String), message: expect.any(String) },
  });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(statusOfKnownCode(body.code)).toBe(status);
  expectNoStackTrace(body);
  expect(JSON.stringify(body)).not.toMatch(INTERNALS);
}

/** Both signed-in users can still work: no hostile request signed them out or ended their sessions. */
async function expectSessionsIntact(): Promise<void> {
  for (const account of [gm, player]) {
    const me = await stack.http().get('/api/v2/users/current').auth(account.token, { type: 'bearer' });
    expect(me.status).toBe(200);
  }
}

/**
 * Sends one generated request and checks the answer, and that the tables are as they were. That includes
 * `sign_in_failures`: every generated sign-in breaks the body's contract (or its content type), so the gateway
 * refuses it before the campaign service could count a failed password for anyone.
 */
async function expectRefusedWithoutWrites(route: Route, request: HostileRequest): Promise<void> {
  const before = await tableFingerprint(stack.db);
  expectRefusal(await send(route, request));
  expect(await tableFingerprint(stack.db)).toEqual(before);
}

describe('hostile input to every gateway route', () => {
  it('finds the routes to attack in the router and the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((route) => route.body).length).toBeGreaterThan(5);
  });

  describe.each(routes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s',
    (_name, route) => {
      it('answers every generated hostile request with a 4xx error body and writes nothing', async () => {
        await fc.assert(
          fc.asyncProperty(hostileRequest(route), (request) => expectRefusedWithoutWrites(route, request)),
          { numRuns: RUNS_PER_ROUTE },
        );
        await expectSessionsIntact();
      });
    },
  );
});

describe('hostile input to routes that do not exist', () => {
  const methods: Method[] = ['get', 'post', 'patch', 'put', 'delete'];
  const unknownPath = fc
    .tuple(
      fc.constantFrom('/', '/api/v2/', '/api/v2/campaigns/x/', '/users/', '/api/v3/'),
      fc.array(fc.oneof(word, hostileSegment), { minLength: 1, maxLength: 3 }),
    )
    .map(([prefix, segments]) => prefix + segments.join('/'));

  it('answers them with a 4xx error body and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        unknownPath,
        fc.constantFrom<Caller>('anonymous', 'gm'),
        fc.oneof(
          fc.constant<Body>({ kind: 'none' }),
          hostilePayload({ kind: 'object', required: true, nullable: false }, {}).map((value): Body => ({
            kind: 'json',
            value,
          })),
          malformedJson,
        ),
        async (method, path, caller, body) => {
          const segments = path.split('/');
          fc.pre(
            !segments.some((segment) => isDotSegment(segment) || segment.startsWith('<')) &&
              !routePatterns.some((pattern) => pattern.test(path)),
          );
          const route: Route = { method, path, params: [], signedIn: false, query: {} };
          await expectRefusedWithoutWrites(route, {
            hostile: ['route'],
            caller,
            segments: [],
            query: '',
            body,
          });
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  });
});

/** Routes that read a number (a page, a size): which query parameters and body fields hold one. */
const numericRoutes = routes
  .map((route) => ({
    route,
    query: Object.entries(route.query)
      .filter(([, spec]) => spec.kind === 'integer' || spec.kind === 'number')
      .map(([name]) => name),
    body: route.body ? numericPaths(route.body.spec) : [],
  }))
  .filter(({ query, body }) => query.length + body.length > 0);

describe('integers past the safe range in every numeric parameter', () => {
  it('finds the routes that read a number', () => {
    expect(numericRoutes.length).toBeGreaterThan(0);
  });

  describe.each(
    numericRoutes.map(
      (numeric) => [`${numeric.route.method.toUpperCase()} ${numeric.route.path}`, numeric] as const,
    ),
  )('%s', (_name, { route, query, body }) => {
    it('refuses them with a 4xx error body and writes nothing', async () => {
      const change = fc.oneof(
        ...query.map((name) =>
          unsafeIntegerText.map((text) => ({ name, text, path: [] as string[], value: 0 })),
        ),
        ...body.map((path) => unsafeInteger.map((value) => ({ name: '', text: '', path, value }))),
      );
      await fc.assert(
        fc.asyncProperty(
          change,
          fc.constantFrom<Caller>('gm', 'player'),
          async ({ name, text, path, value }, caller) => {
            const pairs = baselineQuery(route);
            if (name) pairs[name] = [`${name}=${text}`];
            const base = route.body
              ? (baselineOf(route.body.spec, { campaign: campaignId, user: player.id }) as Record<
                  string,
                  unknown
                >)
              : undefined;
            await expectRefusedWithoutWrites(route, {
              hostile: ['number'],
              caller,
              segments: route.params.map(() => '<real>'),
              query: Object.values(pairs).flat().join('&'),
              body: base
                ? { kind: 'json', value: path.length > 0 ? withValueAt(base, path, value) : base }
                : { kind: 'none' },
            });
          },
        ),
        { numRuns: RUNS_PER_NUMERIC_ROUTE },
      );
    });
  });
});

import request from 'supertest';
import { opsUrl } from '@shotcaller/testing';
import { signUp, Stack, type Account } from './support/stack.js';

interface Operation {
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

let stack: Stack;
let user: Account;

beforeAll(async () => {
  stack = await Stack.start('e2e-docs');
  user = await signUp(stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** Every route the gateway's Express app actually serves, as OpenAPI path templates. */
function servedRoutes(): { method: string; path: string }[] {
  const express = stack.gateway.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return (
    express.router.stack
      // Nest's own catch-all (the 404 handler) and the docs themselves are not API routes.
      .filter(
        (layer) => layer.route && !layer.route.path.startsWith('/docs') && !layer.route.path.includes('*'),
      )
      .flatMap((layer) =>
        Object.keys(layer.route!.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method, path: layer.route!.path.replace(/:(\w+)/g, '{$1}') })),
      )
  );
}

describe('OpenAPI document at /docs', () => {
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    const response = await stack.http().get('/docs/json');
    expect(response.status).toBe(200);
    document = response.body;
  });

  it('is served to anyone, with the Swagger UI beside it', async () => {
    const ui = await stack.http().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('covers every route the gateway serves', () => {
    const routes = servedRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes.filter(({ method, path }) => !document.paths[path]?.[method]);
    expect(missing).toEqual([]);
  });

  it('gives every route a success response, with its body shape unless it answers 204', () => {
    for (const { method, path } of servedRoutes()) {
      const operation = document.paths[path][method];
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect({ route: `${method} ${path}`, successes: success.length }).toEqual({
        route: `${method} ${path}`,
        successes: 1,
      });
      const [status, response] = success[0];
      if (status !== '204') {
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        expect({
          route: `${method} ${path}`,
          hasSchema: schemas.length > 0 && schemas.every(Boolean),
        }).toEqual({
          route: `${method} ${path}`,
          hasSchema: true,
        });
      }
    }
  });

  it('describes the request body of every route that takes one', () => {
    for (const { method, path } of servedRoutes().filter(({ method }) =>
      ['post', 'patch', 'put'].includes(method),
    )) {
      const operation = document.paths[path][method];
      const takesNoBody = method === 'patch' && path.endsWith('/set') && path.includes('{id}');
      if (takesNoBody) continue;
      // JSON, or for an upload route (a file and nothing else) its multipart form.
      const content = operation.requestBody?.content ?? {};
      const schema = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
      expect({
        route: `${method} ${path}`,
        body: Boolean(schema),
      }).toEqual({
        route: `${method} ${path}`,
        body: true,
      });
    }
  });

  it('documents the error shape and the field limits clients need', () => {
    expect(document.components.schemas.ErrorResponse).toBeDefined();
    expect(document.components.schemas.RegisterUserDto).toMatchObject({
      properties: { password: { minLength: 8 }, first_name: { minLength: 2, maxLength: 50 } },
    });
    expect(document.paths['/api/v2/campaigns'].get.security).toEqual([{ bearer: [] }]);
  });
});

describe('operations endpoints', () => {
  it('serves liveness and a bare readiness verdict on the public port', async () => {
    expect((await stack.http().get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await stack.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok' });
    expect((await stack.http().get('/metrics')).status).toBe(404);
  });

  it('keeps metrics and the detailed readiness report on the operations port', async () => {
    const ready = await request(opsUrl(stack.gateway)).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['nats', 'redis']);
    expect((await request(opsUrl(stack.gateway)).get('/docs')).status).toBe(404);
  });

  it('exposes HTTP and NATS request counts and latencies by route and subject', async () => {
    await stack.http().get('/api/v2/campaigns').auth(user.token, { type: 'bearer' });
    const metrics = await request(opsUrl(stack.gateway)).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v2\/campaigns",status="200",service="gateway"\} \d+/,
    );
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v2\/campaigns"[^}]*\} \d+/,
    );
    expect(metrics.text).toMatch(
      /nats_requests_sent_total\{subject="campaign.campaigns.list",outcome="ok",service="gateway"\} \d+/,
    );
    expect(metrics.text).toContain('nats_request_roundtrip_seconds_bucket');
  });

  it('echoes the caller request id, or gives one', async () => {
    const given = await stack.http().get('/health/live').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await stack.http().get('/health/live');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await stack.http().get('/health/live').set('X-Request-Id', 'bad id\twith spaces');
    expect(unsafe.headers['x-request-id']).not.toBe('bad id\twith spaces');
  });
});

describe('API docs in production', () => {
  it('are off unless DOCS_ENABLED turns them on', async () => {
    const production = await stack.bootGateway({ NODE_ENV: 'production' });
    const optedIn = await stack.bootGateway({ NODE_ENV: 'production', DOCS_ENABLED: 'true' });
    try {
      expect((await stack.http(production).get('/docs/json')).status).toBe(404);
      expect((await stack.http(optedIn).get('/docs/json')).status).toBe(200);
    } finally {
      await production.close();
      await optedIn.close();
    }
  });
});

import { generateSigningKeyPair } from '@shotcaller/auth';
import { ConfigError } from '@shotcaller/observability';
import { docsEnabled, loadGatewayConfig, trustProxySetting } from './config.js';

describe('gateway configuration', () => {
  it('requires the public key and names it, without echoing secret values', () => {
    let problems: string[] = [];
    try {
      loadGatewayConfig({ CORS_ORIGINS: 'https://ok.example.com,not a url', REDIS_URL: 'postgres://wrong' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.some((problem) => problem.startsWith('JWT_PUBLIC_KEY is required'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('CORS_ORIGINS'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('REDIS_URL'))).toBe(true);
  });

  it('takes the CORS allowlist as a comma-separated list', () => {
    const config = loadGatewayConfig({
      JWT_PUBLIC_KEY: 'pem',
      CORS_ORIGINS: 'https://a.example.com, https://b.example.com',
    });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example.com', 'https://b.example.com']);
  });

  it('refuses TRUST_PROXY=true outside tests: it would trust any X-Forwarded-For a client sends', () => {
    for (const NODE_ENV of ['production', 'development']) {
      expect(() => loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', NODE_ENV, TRUST_PROXY: 'true' })).toThrow(
        /TRUST_PROXY=true trusts any X-Forwarded-For/,
      );
    }
    expect(
      loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', NODE_ENV: 'production', TRUST_PROXY: '1' }).TRUST_PROXY,
    ).toBe('1');
    expect(
      loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', NODE_ENV: 'test', TRUST_PROXY: 'true' }).TRUST_PROXY,
    ).toBe('true');
  });

  it('serves the API docs unless in production, where they are opt-in', () => {
    const docs = (env: Record<string, string>) =>
      docsEnabled(loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', ...env }));
    expect(docs({})).toBe(true);
    expect(docs({ NODE_ENV: 'production' })).toBe(false);
    expect(docs({ NODE_ENV: 'production', DOCS_ENABLED: 'true' })).toBe(true);
    expect(docs({ DOCS_ENABLED: 'false' })).toBe(false);
  });

  it('refuses a LOCATION_TOKEN_PUBLIC_KEY that is not a P-256 public key, naming it', () => {
    expect(() =>
      loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', LOCATION_TOKEN_PUBLIC_KEY: 'not a key' }),
    ).toThrow(/LOCATION_TOKEN_PUBLIC_KEY holds no PEM public key/);
    const { publicKeyPem } = generateSigningKeyPair();
    expect(
      loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', LOCATION_TOKEN_PUBLIC_KEY: publicKeyPem })
        .LOCATION_TOKEN_PUBLIC_KEY,
    ).toBe(publicKeyPem);
    expect(loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem' }).LOCATION_TOKEN_PUBLIC_KEY).toBe('');
  });

  it('reads TRUST_PROXY as Express takes it', () => {
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('2')).toBe(2);
    expect(trustProxySetting('10.0.0.0/8')).toBe('10.0.0.0/8');
  });
});

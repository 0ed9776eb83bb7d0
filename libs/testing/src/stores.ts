/** The stores tests run against, as global setup chose them (the machine's own, or containers it started). */
export interface StoreUrls {
  postgres: string;
  redis: string;
  nats: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through Jest's global setup (npm test)`);
  return value;
}

export function storeUrls(): StoreUrls {
  return {
    postgres: required('TEST_POSTGRES_URL'),
    redis: required('TEST_REDIS_URL'),
    nats: required('TEST_NATS_URL'),
  };
}

export const DEFAULT_PORTS = { postgres: 5432, redis: 6379, nats: 4222 } as const;

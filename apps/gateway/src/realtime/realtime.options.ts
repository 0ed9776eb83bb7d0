import type { GatewayEnv } from '../config.js';

export const REALTIME_OPTIONS = Symbol('REALTIME_OPTIONS');

/** The realtime gateway's settings, from the validated configuration (see README: REALTIME_*, LOCATION_TOKEN_*). */
export interface RealtimeOptions {
  authorizeCacheMs: number;
  maxMessageBytes: number;
  maxBufferedBytes: number;
  connectTimeoutMs: number;
  maxConnectionsPerUser: number;
  commandRatePerSecond: number;
  commandBurst: number;
  /** Location participant tokens: verification key (empty: none accepted), issuer and audience. */
  participantTokens: { publicKeyPem: string; issuer: string; audience: string };
  /** Browser origins allowed to open socket.io connections (CORS_ORIGINS). */
  corsOrigins: string[];
}

export function realtimeOptions(config: GatewayEnv): RealtimeOptions {
  return {
    authorizeCacheMs: config.REALTIME_AUTHORIZE_CACHE_MS,
    maxMessageBytes: config.REALTIME_MAX_MESSAGE_BYTES,
    maxBufferedBytes: config.REALTIME_MAX_BUFFERED_BYTES,
    connectTimeoutMs: config.REALTIME_CONNECT_TIMEOUT_MS,
    maxConnectionsPerUser: config.REALTIME_MAX_CONNECTIONS_PER_USER,
    commandRatePerSecond: config.REALTIME_COMMAND_RATE_PER_SECOND,
    commandBurst: config.REALTIME_COMMAND_BURST,
    participantTokens: {
      publicKeyPem: config.LOCATION_TOKEN_PUBLIC_KEY,
      issuer: config.LOCATION_TOKEN_ISSUER,
      audience: config.LOCATION_TOKEN_AUDIENCE,
    },
    corsOrigins: config.CORS_ORIGINS,
  };
}

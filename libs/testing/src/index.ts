export * from './stores.js';
export * from './test-environment.js';
export * from './nats-requester.js';
export * from './tcp-proxy.js';
export * from './tokens.js';
export * from './wait.js';
export * from './captured-logs.js';
export * from './statement-counting-proxy.js';

export * from './topics.js';
export * from './topic-authorization.js';
export * from './presence.js';
export * from './socket-events.js';
export * from './participant-token.js';

export * from './database.js';
export * from './orm.module.js';
export * from './redis.module.js';
export * from './bullmq.module.js';
export * from './constraint-errors.js';
export * from './pagination.js';
export * from './idempotency.js';

/** The shot counter's rules: plain functions over plain data, for the encounter handlers to call. */
export * from './acting.js';
export * from './boost.js';
export * from './chase.js';
export * from './combat-update.js';
export * from './combatant-types.js';
export * from './combatant.js';
export * from './dice.js';
export * from './effects.js';
export * from './encounter-order.js';
export * from './numbers.js';
export * from './statuses.js';
export * from './up-check.js';
export * from './wounds.js';

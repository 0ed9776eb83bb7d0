export * from './location.dtos.js';
export * from './location.views.js';

export * from './keys.js';
export * from './access-token.signer.js';
export * from './access-token.verifier.js';
export * from './token-revocation.js';
export * from './token-gate.js';
export * from './http-auth.js';
export * from './auth.module.js';
export * from './sealed-secrets.js';

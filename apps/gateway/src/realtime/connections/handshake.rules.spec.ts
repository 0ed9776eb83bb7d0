import { cleanToken, handshakeToken, msUntilExpiry, unverifiedScope } from './handshake.rules.js';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${encode({ alg: 'ES256' })}.${encode({ scp: 'location_participant' })}.c2ln`;

describe('handshake tokens', () => {
  it('reads auth.token before ?token=, bare or as a Bearer token', () => {
    expect(handshakeToken({ token: TOKEN }, { token: 'a.b.c' })).toBe(TOKEN);
    expect(handshakeToken({}, { token: `Bearer ${TOKEN}` })).toBe(TOKEN);
    expect(handshakeToken(undefined, { token: `bearer   ${TOKEN}` })).toBe(TOKEN);
  });

  it('takes nothing that is not a JWT-shaped string', () => {
    expect(cleanToken(undefined)).toBeUndefined();
    expect(cleanToken(['a.b.c'])).toBeUndefined();
    expect(cleanToken('')).toBeUndefined();
    expect(cleanToken('not a token')).toBeUndefined();
    expect(cleanToken(`${TOKEN}.extra`)).toBeUndefined();
    expect(cleanToken('a'.repeat(9000) + '.b.c')).toBeUndefined();
    // auth.token present but unusable: ?token= is not consulted instead.
    expect(handshakeToken({ token: 42 }, { token: TOKEN })).toBeUndefined();
  });

  it('peeks at the scope claim without trusting it, and survives garbage', () => {
    expect(unverifiedScope(TOKEN)).toBe('location_participant');
    expect(unverifiedScope('a.b.c')).toBeUndefined();
    expect(unverifiedScope(`${encode({})}.${encode({ scp: 7 })}.x`)).toBeUndefined();
  });

  it('arms the expiry timer within setTimeout range', () => {
    expect(msUntilExpiry(1000, 400)).toBe(600);
    expect(msUntilExpiry(1000, 5000)).toBe(0);
    expect(msUntilExpiry(Number.MAX_SAFE_INTEGER, 0)).toBe(2_147_483_647);
  });
});

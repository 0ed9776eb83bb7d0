import type { RealtimeIdentity } from './identity.js';
import { endedByRevocation, endedByTokenChange } from './token-end.rules.js';

const USER = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';
const JTI = '1c8f6a8d-0b62-4d2f-9e3b-4a5c6d7e8f90';

function user(ver: number): RealtimeIdentity {
  return {
    kind: 'user',
    id: USER,
    token: 't',
    expiresAt: 0,
    user: { actor: { id: USER, kind: 'user', roles: [] }, claims: { jti: JTI, ver } as never, token: 't' },
  };
}

const participant: RealtimeIdentity = {
  kind: 'participant',
  id: USER,
  token: 't',
  expiresAt: 0,
  sessionId: USER,
  claims: { jti: JTI } as never,
};

describe('tokens ended by announcements', () => {
  it('ends the signed-out token only', () => {
    expect(endedByRevocation(user(1), { jti: JTI, exp: 1 })).toBe(true);
    expect(endedByRevocation(user(1), { jti: USER, exp: 1 })).toBe(false);
    expect(endedByRevocation(user(1), null)).toBe(false);
    expect(endedByRevocation(participant, { jti: JTI })).toBe(false);
  });

  it("ends a user's older tokens, or all of a deactivated account", () => {
    expect(endedByTokenChange(user(1), { user_id: USER, token_version: 2, active: true })).toBe(true);
    expect(endedByTokenChange(user(2), { user_id: USER, token_version: 2, active: true })).toBe(false);
    expect(endedByTokenChange(user(2), { user_id: USER, token_version: 2, active: false })).toBe(true);
    expect(endedByTokenChange(user(1), { user_id: JTI, token_version: 9, active: true })).toBe(false);
    expect(endedByTokenChange(user(1), { user_id: USER, token_version: '9', active: true })).toBe(false);
    expect(endedByTokenChange(participant, { user_id: USER, token_version: 9, active: false })).toBe(false);
  });
});

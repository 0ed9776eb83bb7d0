import { realtimeActorKey } from '@shotcaller/contracts';
import { hasIdentityKey, identityKey } from './identity.js';

const ID = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';

describe('hasIdentityKey', () => {
  it('matches exactly the key realtimeActorKey makes for the identity', () => {
    const participant = { kind: 'participant' as const, id: ID };
    expect(hasIdentityKey(participant, realtimeActorKey('participant', ID))).toBe(true);
    expect(hasIdentityKey(participant, identityKey(participant))).toBe(true);
    for (const other of [
      realtimeActorKey('user', ID),
      realtimeActorKey('participant', ID.replace('0b7e', '1b7e')),
      `participant:${ID}x`,
      `participant;${ID}`,
      `participant${ID}:`,
      '',
    ]) {
      expect({ other, matches: hasIdentityKey(participant, other) }).toEqual({ other, matches: false });
    }
  });
});

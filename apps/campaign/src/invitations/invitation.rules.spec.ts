import {
  afterUse,
  invitationKindErrors,
  inviteeErrors,
  redeemOutcome,
  registrationOutcome,
  resendErrors,
  type PendingState,
  type Redeemer,
} from './invitation.rules.js';

const forEmail = (email: string, extra: Partial<PendingState> = {}): PendingState => ({
  email,
  redeemed: false,
  remainingCount: null,
  ...extra,
});
const counted = (remainingCount: number, extra: Partial<PendingState> = {}): PendingState => ({
  email: null,
  redeemed: false,
  remainingCount,
  ...extra,
});
const stranger = (email = 'new@example.com'): Redeemer => ({ email, isGamemaster: false, isMember: false });

describe('invitationKindErrors', () => {
  it('accepts an address or a count, one of them', () => {
    expect(invitationKindErrors({ email: 'a@example.com' })).toBeUndefined();
    expect(invitationKindErrors({ maximum_count: 3 })).toBeUndefined();
  });

  it('refuses both, or neither, naming both fields', () => {
    expect(invitationKindErrors({ email: 'a@example.com', maximum_count: 3 })).toEqual({
      email: ['must not be present if maximum_count is set'],
      maximum_count: ['must not be present if email is set'],
    });
    expect(invitationKindErrors({})).toEqual({
      email: ['must be present if maximum_count is not set'],
      maximum_count: ['must be present if email is not set'],
    });
  });
});

describe('inviteeErrors: who may be invited', () => {
  const gamemasterEmail = 'gm@example.com';

  it('is anyone not in the campaign yet', () => {
    expect(inviteeErrors({ email: 'new@example.com', gamemasterEmail, isPlayer: false })).toBeUndefined();
  });

  it('is not the gamemaster, nor a player', () => {
    expect(inviteeErrors({ email: gamemasterEmail, gamemasterEmail, isPlayer: false })).toEqual({
      email: ['is the gamemaster'],
    });
    expect(inviteeErrors({ email: 'player@example.com', gamemasterEmail, isPlayer: true })).toEqual({
      email: ['is already a player'],
    });
  });
});

describe('afterUse', () => {
  it('uses up an email invitation at once', () => {
    expect(afterUse({ remainingCount: null })).toEqual({ remainingCount: null, redeemed: true });
  });

  it('takes a place of a counted one, used up at 0', () => {
    expect(afterUse({ remainingCount: 3 })).toEqual({ remainingCount: 2, redeemed: false });
    expect(afterUse({ remainingCount: 1 })).toEqual({ remainingCount: 0, redeemed: true });
  });
});

describe('redeemOutcome', () => {
  it('is not found without an invitation', () => {
    expect(redeemOutcome(undefined, stranger())).toEqual({ kind: 'not_found' });
  });

  it('refuses an email invitation to anyone else (403), whatever else holds', () => {
    expect(redeemOutcome(forEmail('new@example.com'), stranger('other@example.com'))).toEqual({
      kind: 'email_mismatch',
    });
    expect(
      redeemOutcome(forEmail('new@example.com'), { ...stranger('other@example.com'), isMember: true }),
    ).toEqual({ kind: 'email_mismatch' });
  });

  it('tells a player or the gamemaster they are in already (409), even once it is used', () => {
    expect(redeemOutcome(counted(2), { ...stranger(), isMember: true })).toEqual({
      kind: 'already_member',
      asGamemaster: false,
    });
    expect(redeemOutcome(counted(0, { redeemed: true }), { ...stranger(), isGamemaster: true })).toEqual({
      kind: 'already_member',
      asGamemaster: true,
    });
  });

  it('is not found once used up', () => {
    expect(redeemOutcome(forEmail('new@example.com', { redeemed: true }), stranger())).toEqual({
      kind: 'not_found',
    });
    expect(redeemOutcome(counted(0, { redeemed: true }), stranger())).toEqual({ kind: 'not_found' });
  });

  it('lets its invitee join, or anyone while places are left', () => {
    expect(redeemOutcome(forEmail('new@example.com'), stranger())).toEqual({
      kind: 'join',
      after: { remainingCount: null, redeemed: true },
    });
    expect(redeemOutcome(counted(2), stranger('anyone@example.com'))).toEqual({
      kind: 'join',
      after: { remainingCount: 1, redeemed: false },
    });
  });
});

describe('registrationOutcome', () => {
  it('makes the account for an email invitation’s own address', () => {
    expect(registrationOutcome(forEmail('new@example.com'), undefined)).toEqual({
      kind: 'register',
      email: 'new@example.com',
      after: { remainingCount: null, redeemed: true },
    });
    expect(registrationOutcome(forEmail('new@example.com'), 'new@example.com')).toMatchObject({
      kind: 'register',
    });
  });

  it('refuses another address for an email invitation', () => {
    expect(registrationOutcome(forEmail('new@example.com'), 'other@example.com')).toEqual({
      kind: 'invalid',
      errors: { email: ["doesn't match the invitation's address"] },
    });
  });

  it('needs an address for a counted invitation', () => {
    expect(registrationOutcome(counted(1), undefined)).toEqual({
      kind: 'invalid',
      errors: { email: ["can't be blank"] },
    });
    expect(registrationOutcome(counted(1), 'anyone@example.com')).toEqual({
      kind: 'register',
      email: 'anyone@example.com',
      after: { remainingCount: 0, redeemed: true },
    });
  });

  it('is not found for no invitation, or a used one', () => {
    expect(registrationOutcome(undefined, 'new@example.com')).toEqual({ kind: 'not_found' });
    expect(registrationOutcome(counted(0, { redeemed: true }), 'new@example.com')).toEqual({
      kind: 'not_found',
    });
  });
});

describe('resendErrors', () => {
  it('resends only an invitation with an address', () => {
    expect(resendErrors({ email: 'new@example.com' })).toBeUndefined();
    expect(resendErrors({ email: null })).toEqual({
      email: ['a counted invitation has no address to send to'],
    });
  });
});

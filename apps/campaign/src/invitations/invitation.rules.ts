import type { FieldErrors } from '@shotcaller/contracts';

/** What a new invitation names: an address, or a number of places. */
export interface InvitationKind {
  email?: string;
  maximum_count?: number;
}

/** Exactly one of `email` and `maximum_count`: both fields' errors otherwise, in the Rails wording. */
export function invitationKindErrors({ email, maximum_count }: InvitationKind): FieldErrors | undefined {
  const hasEmail = email !== undefined;
  const hasCount = maximum_count !== undefined;
  if (hasEmail && hasCount) {
    return {
      email: ['must not be present if maximum_count is set'],
      maximum_count: ['must not be present if email is set'],
    };
  }
  if (!hasEmail && !hasCount) {
    return {
      email: ['must be present if maximum_count is not set'],
      maximum_count: ['must be present if email is not set'],
    };
  }
  return undefined;
}

/** Who an email invitation would be for, as far as the campaign already knows them. */
export interface Invitee {
  /** The invited address, lower-cased. */
  email: string;
  /** The campaign's gamemaster's address, lower-cased. */
  gamemasterEmail: string;
  /** A player of the campaign has this address. */
  isPlayer: boolean;
}

/**
 * Invitations are for people not in the campaign yet: not its gamemaster, not one of its players. These say only
 * what the gamemaster already knows (their players' addresses): never whether an address has an account.
 */
export function inviteeErrors({ email, gamemasterEmail, isPlayer }: Invitee): FieldErrors | undefined {
  if (email === gamemasterEmail) return { email: ['is the gamemaster'] };
  if (isPlayer) return { email: ['is already a player'] };
  return undefined;
}

/** An invitation as redeeming it needs to know it. */
export interface PendingState {
  /** Lower-cased; null for a counted invitation. */
  email: string | null;
  redeemed: boolean;
  /** Places left on a counted invitation; null for an email invitation. */
  remainingCount: number | null;
}

/** How the one redeeming an invitation stands towards its campaign. */
export interface Redeemer {
  /** Lower-cased. */
  email: string;
  isGamemaster: boolean;
  isMember: boolean;
}

export type RedeemOutcome =
  /** No such invitation (or one used up): 404. */
  | { kind: 'not_found' }
  /** An email invitation for another address: 403. */
  | { kind: 'email_mismatch' }
  /** Already in the campaign, as a player or its gamemaster: 409. */
  | { kind: 'already_member'; asGamemaster: boolean }
  /** Joins: the invitation's state afterwards. */
  | { kind: 'join'; after: InvitationAfterUse };

/** An invitation's state after one more person used it. */
export interface InvitationAfterUse {
  remainingCount: number | null;
  /** Pending no more: its invitee used it, or its last place was taken. */
  redeemed: boolean;
}

/** One more person uses a pending invitation: an email invitation is done; a counted one is when none are left. */
export function afterUse(invitation: Pick<PendingState, 'remainingCount'>): InvitationAfterUse {
  if (invitation.remainingCount === null) return { remainingCount: null, redeemed: true };
  const remainingCount = Math.max(0, invitation.remainingCount - 1);
  return { remainingCount, redeemed: remainingCount === 0 };
}

/**
 * What redeeming an invitation does. The address is checked first (an email invitation is for one person only),
 * then membership (someone already in the campaign is told so, even once the invitation is used), then whether
 * the invitation is still pending.
 */
export function redeemOutcome(invitation: PendingState | undefined, redeemer: Redeemer): RedeemOutcome {
  if (!invitation) return { kind: 'not_found' };
  if (invitation.email !== null && invitation.email !== redeemer.email) return { kind: 'email_mismatch' };
  if (redeemer.isGamemaster || redeemer.isMember) {
    return { kind: 'already_member', asGamemaster: redeemer.isGamemaster };
  }
  if (invitation.redeemed) return { kind: 'not_found' };
  return { kind: 'join', after: afterUse(invitation) };
}

export type RegistrationOutcome =
  /** No such invitation (or one used up): 404. */
  | { kind: 'not_found' }
  /** Field errors on the sent address: 422. */
  | { kind: 'invalid'; errors: FieldErrors }
  /** The account is made for `email`, and joins. */
  | { kind: 'register'; email: string; after: InvitationAfterUse };

/**
 * A new account through an invitation: an email invitation makes it for its own address (a different one sent is a
 * field error); a counted invitation, which has none, for the address sent.
 */
export function registrationOutcome(
  invitation: PendingState | undefined,
  sentEmail: string | undefined,
): RegistrationOutcome {
  if (!invitation || invitation.redeemed) return { kind: 'not_found' };
  if (invitation.email !== null) {
    if (sentEmail !== undefined && sentEmail !== invitation.email) {
      return { kind: 'invalid', errors: { email: ["doesn't match the invitation's address"] } };
    }
    return { kind: 'register', email: invitation.email, after: afterUse(invitation) };
  }
  if (sentEmail === undefined) {
    return { kind: 'invalid', errors: { email: ["can't be blank"] } };
  }
  return { kind: 'register', email: sentEmail, after: afterUse(invitation) };
}

/** A resend mails the invitation again: only a pending one with an address can be. */
export function resendErrors(invitation: Pick<PendingState, 'email'>): FieldErrors | undefined {
  if (invitation.email === null) return { email: ['a counted invitation has no address to send to'] };
  return undefined;
}

/** The message a new member sees. */
export function joinedMessage(campaignName: string): string {
  return `Successfully joined ${campaignName}!`;
}

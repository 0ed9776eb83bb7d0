import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '@shotcaller/contracts';
import {
  columnsOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  readQueryBuilder,
} from '@shotcaller/persistence';
import type { CampaignReadSchema } from '../campaigns/campaign.queries.js';

// ---- Read queries (see libs/persistence/src/reads/read-queries.ts) ----

/** The columns the invitation reads use: the campaign service's tables, and invitations. */
export interface InvitationReadSchema extends CampaignReadSchema {
  invitations: {
    id: string;
    campaign_id: string;
    user_id: string;
    email: string | null;
    maximum_count: number | null;
    remaining_count: number | null;
    redeemed: boolean;
    redeemed_at: Date | null;
    created_at: Date;
    updated_at: Date;
  };
}

type UsersRow = InvitationReadSchema['users'];
type CampaignsRow = InvitationReadSchema['campaigns'];
type InvitationsRow = InvitationReadSchema['invitations'];

const reads = readQueryBuilder<InvitationReadSchema>();

interface ActorValues {
  actorId: string;
  tokenVersion: number;
}

function actorValues(actor: Actor): ActorValues {
  // A token without a version matches no account (-1 is never a version).
  return { actorId: actor.id, tokenVersion: actor.tokenVersion ?? -1 };
}

const actorColumn = columnsOf<UsersRow>('actor');
const campaign = columnsOf<CampaignsRow>('c');
const invitation = columnsOf<InvitationsRow>('i');

/** The actor's row, if the account exists, is active and the token is of its current version: else no row. */
function signedIn($: ActorValues) {
  return reads
    .selectFrom('users as actor')
    .where('actor.id', '=', $.actorId)
    .where('actor.active', '=', true)
    .where('actor.token_version', '=', $.tokenVersion);
}

/** Invitation `i` with its campaign and who made it, as InvitationFields (see invitation.serializer.ts). */
function invitationColumns() {
  return [
    invitation('id').as('id'),
    invitation('email').as('email'),
    invitation('maximum_count').as('maximumCount'),
    invitation('remaining_count').as('remainingCount'),
    invitation('redeemed').as('redeemed'),
    isoTimestamp(invitation('redeemed_at') as RawBuilder<Date>)
      .$castTo<string | null>()
      .as('redeemedAt'),
    invitation('campaign_id').as('campaignId'),
    invitation('user_id').as('inviterId'),
    isoTimestamp(invitation('created_at')).as('createdAt'),
    isoTimestamp(invitation('updated_at')).as('updatedAt'),
    jsonObjectFrom(
      reads
        .selectFrom('campaigns as ic')
        .select(['ic.id', 'ic.name', 'ic.description'])
        .where('ic.id', '=', invitation('campaign_id')),
    )
      .$notNull()
      .as('campaign'),
    jsonObjectFrom(
      reads
        .selectFrom('users as ig')
        .select(['ig.id', 'ig.first_name as firstName', 'ig.last_name as lastName'])
        .where('ig.id', '=', invitation('user_id')),
    )
      .$notNull()
      .as('inviter'),
  ] as const;
}

/** The actor runs campaign `c` (or is an admin): they manage its invitations. */
const managesCampaign = () =>
  sql<SqlBool>`(${actorColumn('admin')} or ${campaign('user_id')} = ${actorColumn('id')})`;

const pendingInvitationsRead = preparedRead((_: object, $: ActorValues) =>
  signedIn($).select([
    'actor.current_campaign_id as currentCampaignId',
    jsonObjectFrom(
      reads
        .selectFrom('campaigns as c')
        .where('c.id', '=', actorColumn('current_campaign_id'))
        .select((eb) => [
          'c.id',
          managesCampaign().$castTo<boolean>().as('manages'),
          eb
            .exists(
              reads
                .selectFrom('campaign_memberships as m')
                .select('m.id')
                .where('m.campaign_id', '=', campaign('id'))
                .where('m.user_id', '=', actorColumn('id')),
            )
            .$castTo<boolean>()
            .as('plays'),
          // Only for who manages them: nobody else's read carries them, even unused.
          jsonArrayFrom(
            reads
              .selectFrom('invitations as i')
              .select(invitationColumns())
              .where('i.campaign_id', '=', campaign('id'))
              .where('i.redeemed', '=', false)
              .where(managesCampaign())
              .orderBy('i.created_at', 'desc')
              .orderBy('i.id', 'asc'),
          ).as('invitations'),
        ]),
    ).as('campaign'),
  ]),
);

/**
 * The actor's current campaign with its pending invitations, newest first, in one statement: the actor's row
 * (none when the token is no longer good), the current campaign id, and the campaign (null when there is none)
 * with whether the actor manages it or plays in it. Its invitations are there only for who manages it.
 */
export function pendingInvitationsQuery(actor: Actor) {
  return pendingInvitationsRead({}, actorValues(actor));
}

const publicInvitationRead = preparedRead((_: object, $: { id: string }) =>
  reads
    .selectFrom('invitations as i')
    .select(invitationColumns())
    .where('i.id', '=', $.id)
    .where('i.redeemed', '=', false),
);

/** A pending invitation by id, for anyone holding it; no row when there is none (or it is used). */
export function publicInvitationQuery(id: string) {
  return publicInvitationRead({}, { id });
}

import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { columnsOf, isoTimestamp, preparedRead, readQueryBuilder } from '@shotcaller/persistence';

interface TopicReadSchema {
  users: {
    id: string;
    first_name: string;
    last_name: string;
    admin: boolean;
    active: boolean;
    token_version: number;
  };
  campaigns: { id: string; user_id: string };
  campaign_memberships: { id: string; campaign_id: string; user_id: string };
  fights: {
    id: string;
    campaign_id: string;
    sequence: number;
    started_at: Date | null;
    ended_at: Date | null;
  };
}

const reads = readQueryBuilder<TopicReadSchema>();
const actor = columnsOf<TopicReadSchema['users']>('actor');

interface Values {
  actorId: string;
  tokenVersion: number;
  id: string;
}

/** The campaign (by id, or a fight's) as `c`, if the actor may read it: admin, its gamemaster, or a member. */
function readableCampaign(campaignId: RawBuilder<string>) {
  return reads
    .selectFrom('campaigns as c')
    .select('c.id')
    .where('c.id', '=', campaignId)
    .where((eb) =>
      eb.or([
        sql<SqlBool>`${actor('admin')}`,
        eb('c.user_id', '=', actor('id')),
        eb.exists(
          eb
            .selectFrom('campaign_memberships as m')
            .select('m.id')
            .whereRef('m.campaign_id', '=', 'c.id')
            .where('m.user_id', '=', actor('id')),
        ),
      ]),
    );
}

/** The signed-in actor's row (none: the account is gone, inactive or the token is of an older version). */
function signedIn($: Omit<Values, 'id'>) {
  return reads
    .selectFrom('users as actor')
    .where('actor.id', '=', $.actorId)
    .where('actor.active', '=', true)
    .where('actor.token_version', '=', $.tokenVersion);
}

const campaignTopic = preparedRead((_: object, $: Values) =>
  signedIn($).select([sql<boolean>`exists (${readableCampaign(sql<string>`${$.id}::uuid`)})`.as('visible')]),
);

/** One row when the actor is signed in: `visible` says whether they may read the campaign. */
export function campaignTopicQuery(values: Values) {
  return campaignTopic({}, values);
}

const fightTopic = preparedRead((_: object, $: Values) =>
  signedIn($).select([
    'actor.id as userId',
    'actor.first_name as firstName',
    'actor.last_name as lastName',
    (eb) =>
      eb
        .selectFrom('fights as f')
        .select(
          sql<FightTopicRow>`json_build_object(
            'fight_id', f.id, 'campaign_id', f.campaign_id, 'sequence', f.sequence,
            'started_at', ${isoTimestamp(sql.ref('f.started_at'))},
            'ended_at', ${isoTimestamp(sql.ref('f.ended_at'))})`.as('fight'),
        )
        .where('f.id', '=', sql<string>`${$.id}::uuid`)
        .where(sql<SqlBool>`exists (${readableCampaign(sql<string>`f.campaign_id`)})`)
        .$asScalar()
        .as('fight'),
  ]),
);

export interface FightTopicRow {
  fight_id: string;
  campaign_id: string;
  sequence: number;
  started_at: string | null;
  ended_at: string | null;
}

/** One row when the actor is signed in: who they are, and the fight if they may read its campaign. */
export function fightTopicQuery(values: Values) {
  return fightTopic({}, values);
}

const signedInActor = preparedRead((_: object, $: Omit<Values, 'id'>) => signedIn($).select('actor.id'));

/** One row when the actor is signed in (the account exists, is active, and the token is current). */
export function signedInQuery(values: Omit<Values, 'id'>) {
  return signedInActor({}, values);
}

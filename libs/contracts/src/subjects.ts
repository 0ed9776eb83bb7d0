import type { BackendServiceName } from './services.js';

/**
 * Every NATS subject the system uses, spelled once. Requests are `<service>.<resource>.<verb>`; events are
 * `<service>.<resource>.<past-tense>`. These are logical names: the transport prefixes them with the
 * environment's namespace (see `natsSubject`), so handlers and callers never see the prefix.
 */
export const Subjects = {
  campaign: {
    ping: 'campaign.ping',
    health: 'campaign.health',
    users: {
      register: 'campaign.users.register',
      signIn: 'campaign.users.sign_in',
      current: 'campaign.users.current',
      updateProfile: 'campaign.users.update_profile',
      list: 'campaign.users.list',
      changePassword: 'campaign.users.change_password',
      endSessions: 'campaign.users.end_sessions',
      tokenState: 'campaign.users.token_state',
      /** Confirms an address with the emailed confirmation token (works once, expires). */
      confirmEmail: 'campaign.users.confirm_email',
      /** Mails a new confirmation link; answers the same whether or not the address has an account. */
      resendConfirmation: 'campaign.users.resend_confirmation',
      /** Mails a password reset link; answers the same whether or not the address has an account. */
      requestPasswordReset: 'campaign.users.request_password_reset',
      /** Sets a new password with the emailed reset token (works once, expires) and ends every session. */
      resetPassword: 'campaign.users.reset_password',
    },
    sessions: {
      /** The caller signs out the token they send it with; answered once the revocation is stored. */
      revoke: 'campaign.sessions.revoke',
      /** The signed-out tokens that have not expired yet, a page at a time (the gateways rebuild from it). */
      revocations: 'campaign.sessions.revocations',
      /** Who the caller's token stands for, answered from the verified token alone (touches no store). */
      whoami: 'campaign.sessions.whoami',
    },
    campaigns: {
      list: 'campaign.campaigns.list',
      get: 'campaign.campaigns.get',
      create: 'campaign.campaigns.create',
      update: 'campaign.campaigns.update',
      delete: 'campaign.campaigns.delete',
      getCurrent: 'campaign.campaigns.get_current',
      setCurrent: 'campaign.campaigns.set_current',
      /** Copies the master template into a campaign, in steps (sent by the jobs service's `seeding` queue). */
      seed: 'campaign.campaigns.seed',
    },
    memberships: {
      add: 'campaign.memberships.add',
      remove: 'campaign.memberships.remove',
    },
    images: {
      /** Gives a record an uploaded image, or takes it away (`image_id: null`). */
      set: 'campaign.images.set',
      /** Which of the image ids asked about a record still refers to (the media service's cleanup asks). */
      referenced: 'campaign.images.referenced',
    },
    invitations: {
      /** The current campaign's pending invitations (its gamemaster). */
      list: 'campaign.invitations.list',
      /** What an invitee sees before redeeming: public, for anyone holding the invitation's id. */
      get: 'campaign.invitations.get',
      create: 'campaign.invitations.create',
      redeem: 'campaign.invitations.redeem',
      /** A new account made through an invitation, which then redeems it: public, like registration. */
      register: 'campaign.invitations.register',
      resend: 'campaign.invitations.resend',
      delete: 'campaign.invitations.delete',
    },
    factions: {
      list: 'campaign.factions.list',
      get: 'campaign.factions.get',
      create: 'campaign.factions.create',
      update: 'campaign.factions.update',
      delete: 'campaign.factions.delete',
    },
    junctures: {
      list: 'campaign.junctures.list',
      get: 'campaign.junctures.get',
      create: 'campaign.junctures.create',
      update: 'campaign.junctures.update',
      delete: 'campaign.junctures.delete',
    },
    sites: {
      list: 'campaign.sites.list',
      get: 'campaign.sites.get',
      create: 'campaign.sites.create',
      update: 'campaign.sites.update',
      delete: 'campaign.sites.delete',
    },
    parties: {
      list: 'campaign.parties.list',
      get: 'campaign.parties.get',
      create: 'campaign.parties.create',
      update: 'campaign.parties.update',
      delete: 'campaign.parties.delete',
      /** One character or vehicle joins a party (the gamemaster). */
      addMember: 'campaign.parties.add_member',
      /** One leaves it (the gamemaster). */
      removeMember: 'campaign.parties.remove_member',
    },
    vehicles: {
      list: 'campaign.vehicles.list',
      get: 'campaign.vehicles.get',
      create: 'campaign.vehicles.create',
      update: 'campaign.vehicles.update',
      delete: 'campaign.vehicles.delete',
      /** The vehicle catalogue (`GET /api/v2/vehicles/archetypes`). */
      archetypes: 'campaign.vehicles.archetypes',
      chaseState: 'campaign.vehicles.chase_state',
      setChaseState: 'campaign.vehicles.set_chase_state',
    },
    imagePositions: {
      /** The positions of one record's image, every context. */
      list: 'campaign.image_positions.list',
      /** Sets one context's position of a record's image (created or replaced). */
      set: 'campaign.image_positions.set',
    },
    onboarding: {
      dismissCongratulations: 'campaign.onboarding.dismiss_congratulations',
      update: 'campaign.onboarding.update',
    },
    fights: {
      list: 'campaign.fights.list',
      get: 'campaign.fights.get',
      create: 'campaign.fights.create',
      update: 'campaign.fights.update',
      delete: 'campaign.fights.delete',
      endFight: 'campaign.fights.end_fight',
      /** Announces the fight again (its clients re-read it). */
      touch: 'campaign.fights.touch',
      /** A campaign's latest started fight that has not ended, or null. */
      current: 'campaign.fights.current',
      /** Every member of a party joins a fight, hidden. */
      addParty: 'campaign.fights.add_party',
      events: 'campaign.fights.events',
      logEvent: 'campaign.fights.log_event',
    },
    /** A fight's fight-wide effects (the gamemaster). */
    effects: {
      create: 'campaign.effects.create',
      update: 'campaign.effects.update',
      delete: 'campaign.effects.delete',
    },
    /** The effects on combatants' shots in a fight (the gamemaster). */
    characterEffects: {
      create: 'campaign.character_effects.create',
      update: 'campaign.character_effects.update',
      delete: 'campaign.character_effects.delete',
    },
    /** Who chases whom in a fight, and how near (the gamemaster changes them). */
    chaseRelationships: {
      list: 'campaign.chase_relationships.list',
      get: 'campaign.chase_relationships.get',
      create: 'campaign.chase_relationships.create',
      update: 'campaign.chase_relationships.update',
      delete: 'campaign.chase_relationships.delete',
    },
    shots: {
      update: 'campaign.shots.update',
      delete: 'campaign.shots.delete',
      assignDriver: 'campaign.shots.assign_driver',
      removeDriver: 'campaign.shots.remove_driver',
    },
    characters: {
      list: 'campaign.characters.list',
      get: 'campaign.characters.get',
      create: 'campaign.characters.create',
      update: 'campaign.characters.update',
      delete: 'campaign.characters.delete',
      /** A copy with a free name, owned by the caller. */
      duplicate: 'campaign.characters.duplicate',
      /** A character as a fillable PDF sheet (built by the jobs service's pdf queue). */
      sheet: 'campaign.characters.sheet',
      /** A filled sheet made into a new character of the current campaign. */
      importSheet: 'campaign.characters.import_sheet',
      /** Queues AI generation (or extension) of a character; the preview comes on `campaign:<id>`. */
      ai: 'campaign.characters.ai',
    },
    advancements: {
      list: 'campaign.advancements.list',
      create: 'campaign.advancements.create',
      update: 'campaign.advancements.update',
      delete: 'campaign.advancements.delete',
    },
    weapons: {
      list: 'campaign.weapons.list',
      get: 'campaign.weapons.get',
      create: 'campaign.weapons.create',
      update: 'campaign.weapons.update',
      delete: 'campaign.weapons.delete',
      /** Weapons by id (the encounter's weapons at once). */
      batch: 'campaign.weapons.batch',
      /** Weapons created together, all or none. */
      create_batch: 'campaign.weapons.create_batch',
      categories: 'campaign.weapons.categories',
      junctures: 'campaign.weapons.junctures',
    },
    schticks: {
      list: 'campaign.schticks.list',
      get: 'campaign.schticks.get',
      create: 'campaign.schticks.create',
      update: 'campaign.schticks.update',
      delete: 'campaign.schticks.delete',
      /** Schticks by id (the encounter's schticks at once). */
      batch: 'campaign.schticks.batch',
      /** Schticks created together, all or none. */
      create_batch: 'campaign.schticks.create_batch',
      categories: 'campaign.schticks.categories',
      paths: 'campaign.schticks.paths',
    },
    encounters: {
      /** A fight's shot counter, for the members of its campaign. */
      get: 'campaign.encounters.get',
      updateInitiatives: 'campaign.encounters.update_initiatives',
      act: 'campaign.encounters.act',
      applyCombatAction: 'campaign.encounters.apply_combat_action',
      applyChaseAction: 'campaign.encounters.apply_chase_action',
    },
    /** Whether the caller may follow a realtime topic (`campaign:`, `fight:`, `user:`), and its current state. */
    topics: {
      authorize: 'campaign.topics.authorize',
    },
    events: {
      /** A user's tokens of older versions, or all of them for a deactivated account, have just ended. */
      userTokensChanged: 'campaign.user.tokens_changed',
      /** A token was signed out (its revocation is committed): every gateway replica refuses it from now on. */
      sessionRevoked: 'campaign.session.revoked',
      /** An invitation was made (committed); one with an address is to be mailed to it. */
      invitationCreated: 'campaign.invitation.created',
      /** The gamemaster asked for an invitation's email to be sent again. */
      invitationResent: 'campaign.invitation.resent',
      /** A player left or was removed from a campaign (committed): their realtime subscriptions to it end. */
      membershipEnded: 'campaign.membership.ended',
    },
  },
  chat: { ping: 'chat.ping', health: 'chat.health', topics: { authorize: 'chat.topics.authorize' } },
  location: {
    ping: 'location.ping',
    health: 'location.health',
    topics: { authorize: 'location.topics.authorize' },
    sessions: {
      create: 'location.sessions.create',
      get: 'location.sessions.get',
      end: 'location.sessions.end',
      join: 'location.sessions.join',
      /** Ends expired and inactive sessions (the jobs service asks every minute); idempotent. */
      sweep: 'location.sessions.sweep',
    },
    participants: {
      list: 'location.participants.list',
      remove: 'location.participants.remove',
      /** A gateway's report of the participants it holds connections of (kept seen; the unseen leave). */
      seen: 'location.participants.seen',
    },
    positions: { update: 'location.positions.update' },
  },
  media: {
    ping: 'media.ping',
    health: 'media.health',
    images: {
      /** Gives an uploaded image to a record (the campaign service asks, for the uploader). */
      attach: 'media.images.attach',
      /** Asks the owner about these attached images now and deletes those no record refers to (after a change). */
      release: 'media.images.release',
      /** The orphaned image cleanup (the jobs service asks on its schedule); idempotent. */
      sweep: 'media.images.sweep',
    },
    events: {
      imageAttached: 'media.image.attached',
      imageDeleted: 'media.image.deleted',
    },
  },
  jobs: {
    ping: 'jobs.ping',
    health: 'jobs.health',
    /** Stores a job in its queue; answered with its id once BullMQ has it. */
    enqueue: 'jobs.enqueue',
    /** Stores a job, then waits (up to the caller's deadline) for its result. */
    run: 'jobs.run',
    events: {
      /** A job's worker returned (its result is in the event); also sent to its requester on `user:<id>`. */
      jobCompleted: 'jobs.job.completed',
      /** A job failed its last attempt and stays in the failed set. */
      jobFailed: 'jobs.job.failed',
    },
  },
} as const;

/** A realtime fan-out subject: the gateway relays what is published on it to the sockets that follow it. */
export type RealtimeSubject = `rt.${string}`;

export const RealtimeSubjects = {
  /** What changed in a campaign, for everyone in it (the Rails `campaign:<id>` channel). */
  campaign: (campaignId: string): RealtimeSubject => `rt.campaign.${campaignId}`,
  /** Every campaign's topic, to follow all their changes (the campaign service's caches). */
  everyCampaign: 'rt.campaign.*' as RealtimeSubject,
  /** What changed in one fight's shot counter, for those following it (the Rails `fight:<id>` channel). */
  fight: (fightId: string): RealtimeSubject => `rt.fight.${fightId}`,
  /** What concerns one user only, on whatever they are doing (the Rails `user:<id>` channel). */
  user: (userId: string): RealtimeSubject => `rt.user.${userId}`,
  /** One chat channel's messages, edits, reactions and typing. */
  chatChannel: (channelId: string): RealtimeSubject => `rt.chat.channel.${channelId}`,
  /** One location-sharing session's positions and participants. */
  location: (sessionId: string): RealtimeSubject => `rt.location.${sessionId}`,
} as const;

/** The subjects every backend service answers for operations: liveness over NATS and its readiness report. */
export const SystemSubjects = {
  campaign: { ping: Subjects.campaign.ping, health: Subjects.campaign.health },
  chat: { ping: Subjects.chat.ping, health: Subjects.chat.health },
  'realtime-location': { ping: Subjects.location.ping, health: Subjects.location.health },
  media: { ping: Subjects.media.ping, health: Subjects.media.health },
  jobs: { ping: Subjects.jobs.ping, health: Subjects.jobs.health },
} as const satisfies Record<BackendServiceName, { ping: string; health: string }>;

const SUBJECT_TOKEN = /^[A-Za-z0-9_-]+$/;

/** True when `prefix` is a valid subject namespace: dot-separated tokens without wildcards or spaces. */
export function isValidSubjectPrefix(prefix: string): boolean {
  return prefix.split('.').every((token) => SUBJECT_TOKEN.test(token));
}

/** The wire subject for a logical subject within a namespace (`NATS_SUBJECT_PREFIX`); no prefix, no change. */
export function natsSubject(subject: string, prefix = ''): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

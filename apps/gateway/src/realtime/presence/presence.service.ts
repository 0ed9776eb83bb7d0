import { Logger } from '@nestjs/common';
import {
  ErrorCode,
  ServiceError,
  type PresenceMeta,
  type Presences,
  type PresenceStatePayload,
} from '@shotcaller/contracts';
import type { Metrics } from '@shotcaller/observability';
import { PresenceMetrics } from './presence.metrics.js';
import type { PresenceBroadcast, PresencePublisher } from './presence.publisher.js';
import {
  hasRailsUsersForm,
  isConnectionId,
  isPresenceMeta,
  presenceDiffOf,
  presencesOf,
  railsUsersOf,
  type PresenceEntry,
  type PresenceTimings,
  type RailsPresenceUsers,
} from './presence.rules.js';
import type { PresenceLimits, PresenceStore } from './presence.store.js';

export type PresenceOptions = PresenceTimings & PresenceLimits;

/** A connection joining a topic: its id (unique across replicas and transports), the member key and its meta. */
export interface PresenceMember {
  connectionId: string;
  /** The user id or participant id: every connection of one member is grouped under it. */
  key: string;
  /** How the member is shown: the `presence` of the owner's authorization answer. */
  meta: PresenceMeta;
}

/** What a subscriber gets on joining: `presence_state`, and on `fight:` topics the Rails `{users}` form. */
export interface PresenceJoined {
  /** False when the connection was there already: no change was announced. */
  changed: boolean;
  state: PresenceStatePayload;
  users?: RailsPresenceUsers;
}

/** Connection ids refreshed per script call: bounds one call's work and its reply. */
const REFRESH_CHUNK = 500;
/** Topics and entries handled per sweep call. */
const SWEEP_BATCH = 200;
/** Batches of due topics one sweep takes at most (the next sweep goes on): 10 000 topics. */
const MAX_SWEEP_ROUNDS = 50;

function shuffled<T>(items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other], items[index]];
  }
  return items;
}

/**
 * Presence shared by every gateway replica. This replica remembers which of its own connections are in which
 * topic, refreshes their entries every heartbeat interval, and sweeps expired entries (of any replica, e.g. one
 * that crashed) every sweep interval. Every change is published to all replicas, which tell their subscribers.
 */
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);
  /** topic -> connection id -> member, for this replica's connections. */
  private readonly local = new Map<string, Map<string, PresenceMember & { onlineAt: number }>>();
  /** connection id -> its topics. */
  private readonly topicsOf = new Map<string, Set<string>>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private heartbeatRunning: Promise<void> | undefined;
  private sweepRunning: Promise<void> | undefined;
  private lastFailureLoggedAt = 0;
  private readonly metrics: PresenceMetrics | undefined;

  constructor(
    private readonly store: PresenceStore,
    private readonly publisher: PresencePublisher,
    private readonly options: PresenceOptions,
    metrics?: Metrics,
  ) {
    this.metrics = metrics && new PresenceMetrics(metrics, () => this.localEntryCount());
  }

  /** Starts the heartbeat and the sweep (both stop with stop()). */
  start(): void {
    this.heartbeatTimer ??= setInterval(() => void this.runHeartbeat(), this.options.heartbeatIntervalMs);
    this.sweepTimer ??= setInterval(() => void this.runSweep(), this.options.sweepIntervalMs);
    this.heartbeatTimer.unref();
    this.sweepTimer.unref();
  }

  /**
   * Records a connection in a topic and answers the state after it (which includes it). Refused with a
   * `conflict` when the topic or the member is at its cap, `dependency_unavailable` when Redis is unreachable.
   */
  async join(topic: string, member: PresenceMember): Promise<PresenceJoined> {
    if (!isConnectionId(member.connectionId) || !isPresenceMeta(member.meta) || member.key.length === 0) {
      throw ServiceError.invalidPayload({ presence: ['is not a valid presence member'] });
    }
    // A connection joining again (a repeated subscribe) keeps its entry and its join time.
    const known = this.local.get(topic)?.get(member.connectionId);
    const record = known ?? { ...member, onlineAt: Date.now() };
    // Remembered before Redis answers, so a leave that comes meanwhile forgets it (and its script runs after).
    if (!known) this.remember(topic, record);
    let outcome: Awaited<ReturnType<PresenceStore['join']>>;
    try {
      outcome = await this.store.join(topic, record);
    } catch (error) {
      if (!known) this.forgetIf(topic, record);
      throw this.unavailable(error, 'join');
    }
    if (!('state' in outcome)) {
      this.forgetIf(topic, record);
      throw ServiceError.conflict(
        outcome.status === 'topic_full'
          ? `This topic already has ${this.options.maxEntriesPerTopic} connections present`
          : `This member is already present with ${this.options.maxMetasPerKey} connections`,
        { reason: outcome.status },
      );
    }
    const changed = outcome.status === 'joined';
    if (changed) await this.announce(topic, [record], [], outcome.state);
    return this.joined(topic, outcome.state, changed);
  }

  /**
   * Removes a connection from a topic; its leave is published when it was still present. Only this replica's
   * own joins are removed (it knows them all): a topic without presence costs nothing here.
   */
  async leave(topic: string, connectionId: string): Promise<void> {
    if (!this.local.get(topic)?.has(connectionId)) return;
    this.forget(topic, connectionId);
    let removal: Awaited<ReturnType<PresenceStore['leave']>>;
    try {
      removal = await this.store.leave(topic, connectionId);
    } catch (error) {
      // Not refreshed any more: the entry expires and the sweep announces the leave.
      this.logFailure('leave', 'A presence leave failed; the entry will expire', error);
      return;
    }
    if (removal) await this.announce(topic, [], removal.removed, removal.state);
  }

  /** Removes a connection from every topic it joined on this replica (a disconnect). */
  async leaveConnection(connectionId: string): Promise<void> {
    const topics = [...(this.topicsOf.get(connectionId) ?? [])];
    await Promise.all(topics.map((topic) => this.leave(topic, connectionId)));
  }

  /** Pushes back the expiry of one connection's entries now (the client's `presence:heartbeat`). */
  async heartbeat(connectionId: string): Promise<void> {
    const topics = [...(this.topicsOf.get(connectionId) ?? [])];
    try {
      await Promise.all(topics.map((topic) => this.refreshTopic(topic, [connectionId])));
    } catch (error) {
      throw this.unavailable(error, 'heartbeat');
    }
  }

  /** The topic's presence as `presence_state` shows it. */
  async state(topic: string): Promise<Presences> {
    try {
      return presencesOf(await this.store.state(topic));
    } catch (error) {
      throw this.unavailable(error, 'state');
    }
  }

  /** The topics a connection is present in on this replica. */
  topicsOfConnection(connectionId: string): string[] {
    return [...(this.topicsOf.get(connectionId) ?? [])];
  }

  /** Stops the timers and removes this replica's entries, announcing their leaves (a graceful shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.sweepTimer);
    this.heartbeatTimer = this.sweepTimer = undefined;
    await Promise.all([this.heartbeatRunning, this.sweepRunning]);
    const connections = [...this.topicsOf.keys()];
    await Promise.all(connections.map((connectionId) => this.leaveConnection(connectionId)));
  }

  /** One heartbeat: refresh every local entry; entries swept meanwhile (a stall, a Redis flush) join again. */
  runHeartbeat(): Promise<void> {
    this.heartbeatRunning ??= this.heartbeatOnce().finally(() => (this.heartbeatRunning = undefined));
    return this.heartbeatRunning;
  }

  /** One sweep: remove every expired entry of every topic, announcing the leaves (exactly one replica does each). */
  runSweep(): Promise<void> {
    this.sweepRunning ??= this.sweepOnce().finally(() => (this.sweepRunning = undefined));
    return this.sweepRunning;
  }

  private async heartbeatOnce(): Promise<void> {
    const work = [...this.local.entries()].map(async ([topic, members]) => {
      const ids = [...members.keys()];
      for (let start = 0; start < ids.length; start += REFRESH_CHUNK) {
        await this.refreshTopic(topic, ids.slice(start, start + REFRESH_CHUNK));
      }
    });
    for (const result of await Promise.allSettled(work)) {
      if (result.status === 'rejected')
        this.logFailure('heartbeat', 'A presence heartbeat failed', result.reason);
    }
  }

  private async refreshTopic(topic: string, connectionIds: string[]): Promise<void> {
    const missing = await this.store.refresh(topic, connectionIds);
    for (const connectionId of missing) {
      const member = this.local.get(topic)?.get(connectionId);
      if (!member) continue;
      const outcome = await this.store.join(topic, member);
      if (outcome.status === 'joined') {
        await this.announce(topic, [member], [], outcome.state);
      } else if (outcome.status !== 'present') {
        // The topic filled up while this connection was gone from it: it stays out.
        this.forget(topic, connectionId);
      }
    }
  }

  private async sweepOnce(): Promise<void> {
    try {
      // Many topics can fall due at once (a replica with thousands of members crashed): batch after batch, in
      // an order of this replica's own so replicas sweeping together mostly take different topics.
      for (let round = 0; round < MAX_SWEEP_ROUNDS; round += 1) {
        const due = shuffled(await this.store.dueTopics(SWEEP_BATCH));
        for (const topic of due) await this.sweepTopic(topic);
        if (due.length < SWEEP_BATCH) return;
      }
    } catch (error) {
      this.logFailure('sweep', 'A presence sweep failed', error);
    }
  }

  private async sweepTopic(topic: string): Promise<void> {
    let more = true;
    while (more) {
      const swept = await this.store.sweep(topic, SWEEP_BATCH);
      if (swept.removed.length > 0) {
        this.metrics?.swept.inc(swept.removed.length);
        await this.announce(topic, [], swept.removed, swept.state);
      }
      more = swept.more;
    }
  }

  private joined(topic: string, state: PresenceEntry[], changed: boolean): PresenceJoined {
    return {
      changed,
      state: { topic, presences: presencesOf(state) },
      ...(hasRailsUsersForm(topic) ? { users: railsUsersOf(state) } : {}),
    };
  }

  /** Tells every replica (this one too, through its own subscription). A lost publish is logged, not thrown. */
  private async announce(
    topic: string,
    joins: PresenceEntry[],
    leaves: PresenceEntry[],
    state: PresenceEntry[],
  ): Promise<void> {
    const broadcast: PresenceBroadcast = {
      ...presenceDiffOf(topic, joins, leaves),
      ...(hasRailsUsersForm(topic) ? railsUsersOf(state) : {}),
    };
    try {
      await this.publisher.publish(broadcast);
    } catch (error) {
      this.logFailure('publish', 'A presence change could not be published', error);
      return;
    }
    if (joins.length > 0) this.metrics?.changes.inc({ change: 'join' }, joins.length);
    if (leaves.length > 0) this.metrics?.changes.inc({ change: 'leave' }, leaves.length);
  }

  private remember(topic: string, member: PresenceMember & { onlineAt: number }): void {
    let members = this.local.get(topic);
    if (!members) this.local.set(topic, (members = new Map()));
    members.set(member.connectionId, member);
    let topics = this.topicsOf.get(member.connectionId);
    if (!topics) this.topicsOf.set(member.connectionId, (topics = new Set()));
    topics.add(topic);
  }

  /** Forgets a join that did not happen, unless a newer join of the same connection replaced it meanwhile. */
  private forgetIf(topic: string, record: PresenceMember & { onlineAt: number }): void {
    if (this.local.get(topic)?.get(record.connectionId) === record) this.forget(topic, record.connectionId);
  }

  private forget(topic: string, connectionId: string): void {
    const members = this.local.get(topic);
    members?.delete(connectionId);
    if (members?.size === 0) this.local.delete(topic);
    const topics = this.topicsOf.get(connectionId);
    topics?.delete(topic);
    if (topics?.size === 0) this.topicsOf.delete(connectionId);
  }

  private localEntryCount(): number {
    let count = 0;
    for (const members of this.local.values()) count += members.size;
    return count;
  }

  private unavailable(error: unknown, operation: string): ServiceError {
    if (error instanceof ServiceError) return error;
    this.logFailure(operation, 'Presence is unavailable', error);
    return new ServiceError(ErrorCode.DependencyUnavailable, 'Presence is unavailable; try again shortly');
  }

  /** Counted every time; logged at most once per heartbeat interval, so an outage does not flood the log. */
  private logFailure(operation: string, message: string, error: unknown): void {
    this.metrics?.failures.inc({ operation });
    const now = Date.now();
    if (now - this.lastFailureLoggedAt < this.options.heartbeatIntervalMs) return;
    this.lastFailureLoggedAt = now;
    this.logger.warn({ err: error }, message);
  }
}

import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ErrorCode, type ClosingNotice } from '@shotcaller/contracts';
import { ConnectionRegistry } from '../connections/connection-registry.js';
import { TopicFanout, type FanoutMessage, type TopicSink } from '../fanout/topic-fanout.js';
import { locationEndingOf } from './location-endings.rules.js';

const SESSION_ENDED: ClosingNotice = {
  code: ErrorCode.Gone,
  message: 'The session has ended',
  reconnect: false,
};
const PARTICIPANT_LEFT: ClosingNotice = {
  code: ErrorCode.Gone,
  message: 'You are no longer in this session',
  reconnect: false,
};

/**
 * Closes the topic of a location session that ends: once `session.ended` has gone out to everyone, this replica
 * closes the connections of the session's participants (their tokens are good for nothing else); once
 * `participant.left` has, the leaver's. The event itself reaches clients first (the close waits a turn, and
 * socket.io sends what is queued before it closes).
 */
@Injectable()
export class LocationEndings implements TopicSink, OnApplicationBootstrap, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(
    private readonly fanout: TopicFanout,
    private readonly registry: ConnectionRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.unregister = this.fanout.registerSink(this);
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  deliver(topic: string, message: FanoutMessage): void {
    if (!topic.startsWith('location:')) return;
    const ending = locationEndingOf(topic, message.json);
    if (!ending) return;
    setImmediate(() =>
      ending.kind === 'session'
        ? this.registry.closeParticipants(ending.sessionId, undefined, SESSION_ENDED)
        : this.registry.closeParticipants(ending.sessionId, ending.participantId, PARTICIPANT_LEFT),
    );
  }
}

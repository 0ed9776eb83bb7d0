import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ClosingNotice,
  ConnectRefusal,
  ServerToClientEvents,
  SubscribeAck,
  TopicEvent,
} from '@shotcaller/contracts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  token?: string;
  /** Send the token as `?token=` instead of `auth.token`. */
  inQuery?: boolean;
  transports?: ('websocket' | 'polling')[];
  reconnection?: boolean;
}

const open: ClientSocket[] = [];

/** A socket.io client of the gateway; resolves once connected, rejects with the server's refusal data. */
export function connect(baseUrl: string, options: ConnectOptions = {}): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    reconnection: options.reconnection ?? false,
    forceNew: true,
    ...(options.token !== undefined && !options.inQuery ? { auth: { token: options.token } } : {}),
    ...(options.token !== undefined && options.inQuery ? { query: { token: options.token } } : {}),
  });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: ConnectRefusal }) => {
      socket.close();
      reject(new Refused(error.message, error.data));
    });
  });
}

export class Refused extends Error {
  constructor(
    message: string,
    readonly data: ConnectRefusal | undefined,
  ) {
    super(message);
  }
}

/** The refusal of a connection that must fail. */
export async function refusal(baseUrl: string, options: ConnectOptions = {}): Promise<Refused> {
  try {
    await connect(baseUrl, options);
  } catch (error) {
    if (error instanceof Refused) return error;
    throw error;
  }
  throw new Error('the connection was accepted');
}

export function subscribe(socket: ClientSocket, topic: string): Promise<SubscribeAck> {
  return socket.emitWithAck('subscribe', { topic });
}

export function unsubscribe(socket: ClientSocket, topic: string) {
  return socket.emitWithAck('unsubscribe', { topic });
}

/** Every `event` a socket receives, in order, with a way to wait for a count. */
export class EventLog {
  readonly events: TopicEvent[] = [];
  private waiters: (() => void)[] = [];

  constructor(socket: ClientSocket) {
    socket.on('event', (event) => {
      this.events.push(event);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves once `count` events (of `topic`, when given) arrived. */
  async waitFor(count: number, topic?: string): Promise<TopicEvent[]> {
    for (;;) {
      const matching = this.of(topic);
      if (matching.length >= count) return matching;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  of(topic?: string): TopicEvent[] {
    return topic === undefined ? this.events : this.events.filter((event) => event.topic === topic);
  }
}

/** The server's closing notice and the disconnect reason that follows it. */
export function closed(socket: ClientSocket): Promise<{ notice?: ClosingNotice; reason: string }> {
  let notice: ClosingNotice | undefined;
  socket.on('closing', (received) => {
    notice = received;
  });
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve({ notice, reason })));
}

/** Lets a few round trips pass: for asserting that nothing more arrives. */
export async function settle(socket: ClientSocket, rounds = 3): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await socket.emitWithAck('presence:heartbeat', {});
  }
}

export function closeAll(): void {
  for (const socket of open.splice(0)) socket.close();
}

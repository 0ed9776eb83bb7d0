import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import * as ActionCable from '@rails/actioncable';
import { WebSocket } from 'ws';

/**
 * The real @rails/actioncable client in Node. It reads two browser globals: `WebSocket` (given through its own
 * `adapters` hook: the ws package's) and `addEventListener` / `removeEventListener` for page visibility, which
 * never changes here, so the shims do nothing.
 */
const globals = globalThis as unknown as Record<string, unknown>;
globals.addEventListener ??= () => undefined;
globals.removeEventListener ??= () => undefined;
ActionCable.adapters.WebSocket = WebSocket;

export { ActionCable };

/** The `/cable` URL of a booted gateway, with a token as the Rails-era client passes it. */
export function cableUrl(app: INestApplication, token?: string, form: 'plain' | 'bearer' = 'plain'): string {
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  const query =
    token === undefined ? '' : `?token=${encodeURIComponent(form === 'bearer' ? `Bearer ${token}` : token)}`;
  return `ws://127.0.0.1:${port}/cable${query}`;
}

/** Resolves when `check` holds, re-checking on every call of the returned `changed` (no clock involved). */
class Waiters {
  private readonly waiting: Array<{ check: () => boolean; resolve: () => void }> = [];

  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ check, resolve }));
  }

  changed(): void {
    for (const waiter of [...this.waiting]) {
      if (waiter.check()) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

/** A subscription of the real client, recording what its callbacks saw. */
export class RecordedSubscription {
  readonly received: Record<string, unknown>[] = [];
  connected = false;
  rejected = false;
  disconnected = false;
  subscription: ActionCable.Subscription;
  private readonly waiters = new Waiters();

  constructor(consumer: ActionCable.Consumer, params: ActionCable.ChannelNameWithParams) {
    const record = (change: () => void) => {
      change();
      this.waiters.changed();
    };
    this.subscription = consumer.subscriptions.create(params, {
      connected: () => record(() => (this.connected = true)),
      rejected: () => record(() => (this.rejected = true)),
      disconnected: () => record(() => (this.disconnected = true)),
      received: (data: Record<string, unknown>) => record(() => this.received.push(data)),
    });
  }

  confirmation(): Promise<void> {
    return this.waiters.until(() => this.connected || this.rejected);
  }

  /** Waits for the first message after the first `after` ones that matches. */
  async message(
    match: (data: Record<string, unknown>) => boolean,
    after = 0,
  ): Promise<Record<string, unknown>> {
    let found: Record<string, unknown> | undefined;
    await this.waiters.until(() => {
      found = this.received.slice(after).find(match);
      return found !== undefined;
    });
    return found!;
  }

  until(check: () => boolean): Promise<void> {
    return this.waiters.until(check);
  }
}

/** A raw WebSocket on `/cable`, for what the real client never sends. */
export class RawCable {
  readonly frames: Record<string, unknown>[] = [];
  closed: { code: number } | undefined;
  readonly socket: WebSocket;
  private readonly waiters = new Waiters();
  readonly opened: Promise<void>;

  constructor(url: string, protocols: string[] = ['actioncable-v1-json', 'actioncable-unsupported']) {
    this.socket = new WebSocket(url, protocols);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('message', (data) => {
      this.frames.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
      this.waiters.changed();
    });
    this.socket.on('close', (code) => {
      this.closed = { code };
      this.waiters.changed();
    });
  }

  send(frame: string | Buffer | Record<string, unknown>): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  async frame(match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    let found: Record<string, unknown> | undefined;
    await this.waiters.until(() => {
      found = this.frames.find(match);
      return found !== undefined;
    });
    return found!;
  }

  whenClosed(): Promise<{ code: number }> {
    return this.waiters.until(() => this.closed !== undefined).then(() => this.closed!);
  }

  close(): void {
    this.socket.close();
  }
}

/** Frames other than the heartbeat. */
export const notPing = (frame: Record<string, unknown>): boolean => frame.type !== 'ping';

import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RevocationWatcher } from '@shotcaller/auth';
import { NamespacedNatsClient, type ServiceClient } from '@shotcaller/messaging';
import { ReplaySubject } from 'rxjs';
import { GatewayRevocationStore } from './revocation-store.js';

type Callback = (error: Error | null, message: { json(): unknown }) => void;

/** A NATS connection and client status stream under the test's control, listened to as the real client does. */
class FakeNats {
  readonly namespace = 't_run1';
  readonly listen = NamespacedNatsClient.prototype.listen;
  readonly afterOutage = NamespacedNatsClient.prototype.afterOutage;
  readonly status = new ReplaySubject<string>(1);
  readonly subscriptions: { subject: string; queue?: string; callback: Callback; open: boolean }[] = [];
  readonly calls: string[] = [];

  readonly conn = {
    subscribe: (subject: string, options: { queue?: string; callback: Callback }) => {
      this.calls.push('subscribe');
      const subscription = { subject, queue: options.queue, callback: options.callback, open: true };
      this.subscriptions.push(subscription);
      return {
        unsubscribe: () => {
          subscription.open = false;
        },
      };
    },
    flush: () => {
      this.calls.push('flush');
      return Promise.resolve();
    },
  };

  constructor() {
    this.status.next('connected');
  }

  connection(): NatsConnection {
    return this.conn as unknown as NatsConnection;
  }

  deliver(data: string, error: Error | null = null): void {
    for (const subscription of this.subscriptions.filter(({ open }) => open)) {
      subscription.callback(error, { json: () => JSON.parse(data) as unknown });
    }
  }
}

class Watcher implements RevocationWatcher {
  events: unknown[] = [];
  resyncs = 0;
  revoked(event: unknown): void {
    this.events.push(event);
  }
  resync(): void {
    this.resyncs += 1;
  }
}

let nats: FakeNats;
let watcher: Watcher;
let stop: () => void;

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(true));

beforeEach(async () => {
  nats = new FakeNats();
  watcher = new Watcher();
  const store = new GatewayRevocationStore({} as ServiceClient, nats as unknown as NamespacedNatsClient);
  stop = await store.watch(watcher);
});

describe('the gateway watching sign-outs', () => {
  it('subscribes every replica (no queue group) in its namespace, and has the server confirm it first', () => {
    expect(nats.subscriptions).toEqual([
      expect.objectContaining({ subject: 't_run1.campaign.session.revoked', queue: undefined }),
    ]);
    expect(nats.calls).toEqual(['subscribe', 'flush']);
  });

  it('passes each announcement on as received, and one that does not decode as nothing', () => {
    const event = { jti: '4f7c2d1e-1111-4222-8333-944455556666', exp: 2_000_000_000 };
    nats.deliver(JSON.stringify(event));
    nats.deliver('{not json');
    nats.deliver('{}', new Error('permissions violation'));
    expect(watcher.events).toEqual([event, undefined]);
  });

  it('asks for a reload each time the connection comes back after a loss, and not on the first status', () => {
    expect(watcher.resyncs).toBe(0);
    nats.status.next('disconnected');
    nats.status.next('reconnecting');
    expect(watcher.resyncs).toBe(0);
    nats.status.next('connected');
    expect(watcher.resyncs).toBe(1);
    nats.status.next('connected');
    expect(watcher.resyncs).toBe(1);
    nats.status.next('reconnecting');
    nats.status.next('connected');
    expect(watcher.resyncs).toBe(2);
  });

  it('stops both when told to', () => {
    stop();
    nats.status.next('disconnected');
    nats.status.next('connected');
    nats.deliver('{}');
    expect(watcher.resyncs).toBe(0);
    expect(watcher.events).toEqual([]);
  });
});

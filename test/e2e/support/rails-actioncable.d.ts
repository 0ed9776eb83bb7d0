/** The parts of @rails/actioncable (which ships no types) that the cable specs use. */
declare module '@rails/actioncable' {
  export type ChannelNameWithParams = { channel: string; [param: string]: unknown };

  export interface Subscription {
    identifier: string;
    perform(action: string, data?: object): boolean;
    send(data: object): boolean;
    unsubscribe(): Subscription;
  }

  export interface Subscriptions {
    /** The subscriptions the client holds (it drops one the server rejects). */
    subscriptions: Subscription[];
    create(channel: string | ChannelNameWithParams, mixin?: object): Subscription;
  }

  export interface Consumer {
    subscriptions: Subscriptions;
    connect(): boolean;
    disconnect(): void;
  }

  export const adapters: { WebSocket: unknown; logger: unknown };
  export const logger: { enabled: boolean };
  export function createConsumer(url: string): Consumer;
}

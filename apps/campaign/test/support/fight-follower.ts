import { natsSubject, RealtimeSubjects } from '@shotcaller/contracts';
import { eventually, type NatsRequester } from '@shotcaller/testing';

/** What a fight's realtime subject (`rt.fight.<id>`) carries, in order, from the moment it is followed. */
export class FightFollower {
  private constructor(
    readonly published: Record<string, unknown>[],
    private readonly stop: () => void,
  ) {}

  static async follow(nats: NatsRequester, subjectPrefix: string, fightId: string): Promise<FightFollower> {
    const messages: Record<string, unknown>[] = [];
    const subscription = nats.connection.subscribe(
      natsSubject(RealtimeSubjects.fight(fightId), subjectPrefix),
      {
        callback: (_, message) => {
          messages.push(message.json<Record<string, unknown>>());
        },
      },
    );
    await nats.connection.flush();
    return new FightFollower(messages, () => subscription.unsubscribe());
  }

  /** Waits until `expected` messages came after the first `before`, and answers them. */
  after(before: number, expected: number) {
    return eventually(() => {
      const messages = this.published.slice(before);
      if (messages.length < expected) throw new Error(`${messages.length} published so far`);
      return messages;
    }, 5000);
  }

  close(): void {
    this.stop();
  }
}

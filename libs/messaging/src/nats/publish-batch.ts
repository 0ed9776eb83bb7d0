/**
 * Publishes made during one turn of the event loop, handed to the NATS client together at its end, so the client
 * writes them to the socket in one system call instead of one per request. On this kind of machine a socket write
 * costs more CPU than everything else a proxied request does in the gateway; under load a turn handles several
 * requests. The wait is at most the rest of the turn.
 */
export class PublishBatch {
  private queued: Array<() => void> = [];
  private scheduled = false;

  /** Runs `publish` at the end of this turn; a publish that throws is `failed` with its error. */
  add(publish: () => void, failed: (error: Error) => void): void {
    this.queued.push(() => {
      try {
        publish();
      } catch (error) {
        failed(error instanceof Error ? error : new Error(String(error)));
      }
    });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    const queued = this.queued;
    this.queued = [];
    this.scheduled = false;
    for (const publish of queued) publish();
  };
}

import { Writable } from 'node:stream';

export type LogLine = Record<string, unknown> & { level: number; msg?: string; req_id?: string };

/** A service's real log output, kept for a test to read (pass `destination` as the boot's `logDestination`). */
export class CapturedLogs {
  private readonly chunks: string[] = [];

  readonly destination = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.chunks.push(chunk.toString());
      done();
    },
  });

  /** Everything written so far, as written. */
  text(): string {
    return this.chunks.join('');
  }

  /** Every line so far, parsed as the JSON it is. */
  lines<T extends LogLine = LogLine>(): T[] {
    return this.text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as T);
  }

  clear(): void {
    this.chunks.length = 0;
  }
}

import { PublishBatch } from './publish-batch.js';

const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('PublishBatch', () => {
  it('runs the publishes of one turn together at its end, in order', async () => {
    const batch = new PublishBatch();
    const ran: string[] = [];
    batch.add(() => ran.push('a'), fail);
    batch.add(() => ran.push('b'), fail);
    await Promise.resolve();
    expect(ran).toEqual([]);
    await endOfTurn();
    expect(ran).toEqual(['a', 'b']);
    batch.add(() => ran.push('c'), fail);
    await endOfTurn();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('reports a publish that throws to its own caller and still runs the others', async () => {
    const batch = new PublishBatch();
    const failures: string[] = [];
    const ran: string[] = [];
    batch.add(
      () => {
        throw new Error('connection closed');
      },
      (error) => failures.push(error.message),
    );
    batch.add(() => ran.push('next'), fail);
    await endOfTurn();
    expect(failures).toEqual(['connection closed']);
    expect(ran).toEqual(['next']);
  });
});

function fail(error: Error): never {
  throw error;
}

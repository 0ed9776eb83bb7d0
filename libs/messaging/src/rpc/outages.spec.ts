import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { dependencyUnavailable, isDependencyOutage } from './outages.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('store outages', () => {
  it('recognises an unreachable or unavailable store anywhere in the cause chain', () => {
    const cases = [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('wrapped'), { name: 'ConnectionException' }),
      new Error('driver failed', { cause: withCode('ECONNRESET') }),
      new AggregateError([withCode('ECONNREFUSED')], 'every address failed'),
      // A handler's own 503 for a store it found away (logged as the outage, not as a failed handler).
      dependencyUnavailable(),
    ];
    expect(cases.map((error) => isDependencyOutage(error))).toEqual(cases.map(() => true));
  });

  it('leaves bugs and refused writes alone', () => {
    const cases = [
      new TypeError('cannot read properties of undefined'),
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('23514', 'new row violates check constraint'),
      withCode('22P02', 'invalid input syntax for type uuid'),
      new ServiceError(ErrorCode.ServiceUnavailable, 'the job failed; try again'),
      'a string',
      null,
    ];
    expect(cases.map((error) => isDependencyOutage(error))).toEqual(cases.map(() => false));
  });
});

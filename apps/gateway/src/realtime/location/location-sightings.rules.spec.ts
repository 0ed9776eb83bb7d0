import type { RealtimeIdentity } from '../connections/identity.js';
import { sightingReports } from './location-sightings.rules.js';

const SESSION = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
const OTHER = '7a1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';

function participant(id: string, sessionId: string, token: string): RealtimeIdentity {
  return { kind: 'participant', id, token, expiresAt: 0, sessionId, claims: {} as never };
}

describe('sightingReports', () => {
  it('names each participant once per session by its token, and nobody else', () => {
    const user: RealtimeIdentity = {
      kind: 'user',
      id: 'u',
      token: 'user-token',
      expiresAt: 0,
      user: {} as never,
    };
    const reports = sightingReports([
      participant('a', SESSION, 'token-a'),
      participant('a', SESSION, 'token-a'),
      participant('b', SESSION.toUpperCase(), 'token-b'),
      participant('c', OTHER, 'token-c'),
      user,
    ]);
    expect(reports).toEqual([
      { session_id: SESSION, tokens: ['token-a', 'token-b'] },
      { session_id: OTHER, tokens: ['token-c'] },
    ]);
  });

  it('splits a session into reports of at most the given size', () => {
    const many = Array.from({ length: 5 }, (_, index) => participant(`p${index}`, SESSION, `t${index}`));
    expect(sightingReports(many, 2).map((report) => report.tokens)).toEqual([
      ['t0', 't1'],
      ['t2', 't3'],
      ['t4'],
    ]);
  });

  it('reports nothing without participants', () => {
    expect(sightingReports([])).toEqual([]);
  });
});

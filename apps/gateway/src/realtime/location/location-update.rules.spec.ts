import { ServiceError } from '@shotcaller/contracts';
import { positionOfMessage } from './location-update.rules.js';

const valid = { lat: 48.85, lng: 2.35, accuracy: 10, recorded_at: '2026-12-02T10:00:00Z' };

function refusal(payload: unknown): ServiceError {
  try {
    positionOfMessage(payload);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('positionOfMessage', () => {
  it('takes a position with its optional fields', () => {
    expect(positionOfMessage({ ...valid, heading: 10, speed: 0, altitude: null })).toMatchObject({
      ...valid,
      heading: 10,
      speed: 0,
      altitude: null,
    });
  });

  it.each([
    ['not an object', 'north'],
    ['a list', [valid]],
    ['latitude past 90', { ...valid, lat: 90.1 }],
    ['longitude past -180', { ...valid, lng: -181 }],
    ['NaN sent as null', { ...valid, lat: null }],
    ['a negative accuracy', { ...valid, accuracy: -0.5 }],
    ['numbers as text', { ...valid, lng: '2.35' }],
    ['a missing time', { lat: 1, lng: 1, accuracy: 1 }],
    ['an unknown field', { ...valid, participant_id: '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f' }],
    ['a huge text', { ...valid, recorded_at: 'x'.repeat(10_000) }],
  ])('refuses %s as invalid_payload', (_label, payload) => {
    expect(refusal(payload).code).toBe('invalid_payload');
  });
});

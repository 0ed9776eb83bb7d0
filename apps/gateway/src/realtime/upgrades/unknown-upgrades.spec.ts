import { isUnknownUpgrade } from './unknown-upgrades.js';

describe('isUnknownUpgrade', () => {
  it('leaves socket.io and /cable upgrades to their handlers', () => {
    expect(isUnknownUpgrade('/socket.io/?EIO=4&transport=websocket')).toBe(false);
    expect(isUnknownUpgrade('/cable')).toBe(false);
    expect(isUnknownUpgrade('/cable?token=abc')).toBe(false);
  });

  it('takes any other path', () => {
    for (const url of ['/', '/api/v2/campaigns', '/socket.io', '/cable/x', '/socket.iox/', undefined]) {
      expect({ url, unknown: isUnknownUpgrade(url) }).toEqual({ url, unknown: true });
    }
  });
});

import { generateSigningKeyPair } from '@shotcaller/auth';
import { loadCampaignConfig } from './config.js';

describe('campaign configuration', () => {
  const JWT_PRIVATE_KEY = generateSigningKeyPair().privateKeyPem;

  it('builds image URLs on the gateway by default, and on MEDIA_PUBLIC_BASE_URL without its trailing slash', () => {
    expect(loadCampaignConfig({ JWT_PRIVATE_KEY }).MEDIA_PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(
      loadCampaignConfig({ JWT_PRIVATE_KEY, MEDIA_PUBLIC_BASE_URL: 'https://cdn.example.com/shotcaller/' })
        .MEDIA_PUBLIC_BASE_URL,
    ).toBe('https://cdn.example.com/shotcaller');
  });

  it.each([
    'cdn.example.com',
    'ftp://cdn.example.com',
    'https://cdn.example.com/?v=1',
    'https://a.example.com,https://b.example.com',
  ])('refuses MEDIA_PUBLIC_BASE_URL=%s, naming it', (MEDIA_PUBLIC_BASE_URL) => {
    expect(() => loadCampaignConfig({ JWT_PRIVATE_KEY, MEDIA_PUBLIC_BASE_URL })).toThrow(
      /MEDIA_PUBLIC_BASE_URL/,
    );
  });
});

import { publicImagePath } from '@shotcaller/contracts';
import { imageUrlFrom, imageUrlParts } from './image-urls.js';

const ID = '0d9f6c1e-4b7a-4f3e-9a43-2b1c1f6f8e21';

describe('image URLs', () => {
  it('are the public media base URL followed by the image public path; none without an image', () => {
    expect(imageUrlFrom('https://cdn.example.com', ID)).toBe(`https://cdn.example.com${publicImagePath(ID)}`);
    expect(imageUrlFrom('https://cdn.example.com', ID)).toBe(`https://cdn.example.com/media/${ID}`);
    expect(imageUrlFrom('https://cdn.example.com', null)).toBeNull();
    expect(imageUrlFrom('https://cdn.example.com', undefined)).toBeNull();
  });

  it('split around the id as SQL writes them: prefix, id, suffix make the same URL', () => {
    const base = 'http://localhost:3000/shotcaller';
    const { prefix, suffix } = imageUrlParts(base);
    expect(`${prefix}${ID}${suffix}`).toBe(imageUrlFrom(base, ID));
    expect(prefix).toBe('http://localhost:3000/shotcaller/media/');
    expect(suffix).toBe('');
  });
});

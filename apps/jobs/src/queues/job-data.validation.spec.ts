import { ErrorCode } from '@shotcaller/contracts';
import { jobDataShape, validJobData } from './job-data.validation.js';

describe("a job's data", () => {
  it('must be a job its queue runs', async () => {
    expect(jobDataShape('maintenance', 'location_sweep')).toBeDefined();
    expect(jobDataShape('maintenance', 'toString')).toBeUndefined();
    await expect(validJobData('maintenance', 'drop_everything', {})).rejects.toMatchObject({
      code: ErrorCode.InvalidPayload,
      details: { errors: { name: ['is not a job of the maintenance queue'] } },
    });
  });

  it('is refused with its fields named under data when it breaks the shape', async () => {
    await expect(validJobData('maintenance', 'location_sweep', { surprise: 1 })).rejects.toMatchObject({
      code: ErrorCode.InvalidPayload,
      details: { errors: { 'data.surprise': expect.any(Array) } },
    });
  });

  it('is answered as plain JSON when it passes', async () => {
    await expect(validJobData('maintenance', 'location_sweep', {})).resolves.toEqual({});
  });
});

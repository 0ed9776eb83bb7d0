import { plainToInstance } from 'class-transformer';
import { IsString, MaxLength, validateSync } from 'class-validator';
import { CampaignsIndexQuery } from './campaigns/campaign.dtos.js';
import { FlagFilter, Nullable, Optional, PartialDto } from './input-rules.js';
import { IndexQueryDto } from './pagination.js';
import { toFieldErrors } from './validation.js';

class Fields {
  @IsString({ message: 'must be text' })
  name: string;

  @Optional({ nullable: true })
  @IsString({ message: 'must be text' })
  @MaxLength(5)
  note?: string | null;

  @Optional()
  @IsString({ message: 'must be text' })
  nickname?: string;

  @Nullable()
  @IsString({ message: 'must be text' })
  current: string | null;
}

class Changes extends PartialDto(Fields) {}

class Flags {
  @FlagFilter()
  force?: boolean;
}

const errorsOf = (dto: new () => object, body: object) =>
  toFieldErrors(validateSync(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true }));

describe('absent or valid', () => {
  it('takes an optional field absent or valid, and refuses null unless it is nullable', () => {
    expect(errorsOf(Fields, { name: 'a', current: null })).toEqual({});
    expect(errorsOf(Fields, { name: 'a', current: 'x', nickname: 'n', note: null })).toEqual({});
    expect(errorsOf(Fields, { name: 'a', current: null, nickname: null })).toEqual({
      nickname: ["can't be null"],
    });
    expect(errorsOf(Fields, { name: 'a', current: null, note: 'too long' })).toEqual({
      note: ['maxLength'].map(() => expect.stringContaining('note')),
    });
  });

  it('requires a nullable-but-required field to be present', () => {
    expect(errorsOf(Fields, { name: 'a' })).toEqual({ current: ["can't be blank"] });
  });

  it('makes every field of a partial DTO optional without letting null through', () => {
    expect(errorsOf(Changes, {})).toEqual({});
    expect(errorsOf(Changes, { note: null })).toEqual({});
    expect(errorsOf(Changes, { current: null })).toEqual({});
    expect(errorsOf(Changes, { name: null })).toEqual({ name: ["can't be null"] });
    expect(errorsOf(Changes, { nickname: null })).toEqual({ nickname: ["can't be null"] });
    expect(errorsOf(Changes, { name: 3 })).toEqual({ name: ['must be text'] });
  });
});

describe('query flags', () => {
  const flags: [string, new () => object][] = [
    ['force', Flags],
    ['autocomplete', IndexQueryDto],
    ['show_all', CampaignsIndexQuery],
  ];
  it.each(flags)('%s reads true/1, false/0, blank as not sent, and refuses anything else', (flag, dto) => {
    const read = (value: string) =>
      (plainToInstance(dto, { [flag]: value }) as Record<string, unknown>)[flag];
    const values = ['true', '1', 'false', '0', '', ' '];
    expect(values.map(read)).toEqual([true, true, false, false, undefined, undefined]);
    expect(errorsOf(dto, { [flag]: '' })).toEqual({});
    for (const value of ['maybe', 'TRUE', 'yes', '2'])
      expect(errorsOf(dto, { [flag]: value })).toEqual({ [flag]: ['must be true or false'] });
  });
});

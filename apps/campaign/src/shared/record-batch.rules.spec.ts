import { positionedErrors, RecordBatchMessages, repeatedNameErrors } from './record-batch.rules.js';

describe('positionedErrors', () => {
  it('keys each field by the list and the position of the record', () => {
    expect(positionedErrors('weapons', 2, { name: ['taken'], damage: ['blank', 'small'] })).toEqual({
      'weapons.2.name': ['taken'],
      'weapons.2.damage': ['blank', 'small'],
    });
  });

  it('gives nothing for no errors', () => {
    expect(positionedErrors('schticks', 0, {})).toEqual({});
  });
});

describe('repeatedNameErrors', () => {
  it('flags every record after the first with the same key, not the first', () => {
    expect(repeatedNameErrors('weapons', ['a', 'b', 'a', 'c', 'a'])).toEqual({
      'weapons.2.name': [RecordBatchMessages.repeated],
      'weapons.4.name': [RecordBatchMessages.repeated],
    });
  });

  it('finds nothing among different keys', () => {
    expect(repeatedNameErrors('schticks', ['guns\u0000a', 'sorcery\u0000a', 'a'])).toEqual({});
  });
});

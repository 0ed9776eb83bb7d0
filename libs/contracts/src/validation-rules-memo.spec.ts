import { IsInt, MaxLength, registerDecorator, validateSync } from 'class-validator';
import { rememberValidationRules } from './validation-rules-memo.js';

class Base {
  @IsInt()
  count: unknown;
}

class Derived extends Base {
  @MaxLength(3)
  name: unknown;
}

function failing(object: object): string[] {
  return validateSync(object)
    .map((error) => `${error.property}:${Object.keys(error.constraints ?? {}).join(',')}`)
    .sort();
}

function instance<T extends object>(type: new () => T, values: object): T {
  return Object.assign(new type(), values);
}

describe('rememberValidationRules', () => {
  beforeAll(() => rememberValidationRules());

  it('validates as before, own and inherited rules, however often', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(failing(instance(Base, { count: 'x' }))).toEqual(['count:isInt']);
      expect(failing(instance(Derived, { count: 1.5, name: 'long' }))).toEqual([
        'count:isInt',
        'name:maxLength',
      ]);
      expect(failing(instance(Derived, { count: 2, name: 'ok' }))).toEqual([]);
    }
  });

  it('is installed once, however often it is called', () => {
    rememberValidationRules();
    rememberValidationRules();
    expect(failing(instance(Base, { count: 'x' }))).toEqual(['count:isInt']);
  });

  it('sees a rule registered after a class was first validated', () => {
    expect(failing(instance(Base, { count: 1, label: 'x' }))).toEqual([]);
    registerDecorator({
      name: 'isNotX',
      target: Base,
      propertyName: 'label',
      validator: { validate: (value: unknown) => value !== 'x' },
    });
    expect(failing(instance(Base, { count: 1, label: 'x' }))).toEqual(['label:isNotX']);
    expect(failing(instance(Derived, { count: 1, label: 'x', name: 'a' }))).toEqual(['label:isNotX']);
  });
});

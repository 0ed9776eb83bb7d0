import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterUserBody } from './users/user.dtos.js';
import { toFieldErrors } from './validation.js';

function errorsOf(body: unknown) {
  const instance = plainToInstance(RegisterUserBody, body);
  return toFieldErrors(validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true }));
}

const valid = { email: 'gm@example.com', password: 'secret123', first_name: 'Gina', last_name: 'Master' };

describe('field errors', () => {
  it('accepts a valid registration', () => {
    expect(errorsOf({ user: valid })).toEqual({});
  });

  it('keys errors by attribute, without the body envelope, in the Rails wording', () => {
    expect(errorsOf({ user: { ...valid, first_name: 'G', password_confirmation: 'other123' } })).toEqual({
      first_name: ['is too short (minimum is 2 characters)'],
      password_confirmation: ["doesn't match Password"],
    });
  });

  it('reports a wrong type alone, not the length rules that cannot apply to it', () => {
    expect(errorsOf({ user: { ...valid, last_name: 42 } })).toEqual({ last_name: ['must be text'] });
  });

  it('names unknown fields, at any depth', () => {
    expect(errorsOf({ user: { ...valid, admin: true }, extra: 1 })).toEqual({
      admin: ['is not a permitted attribute'],
      extra: ['is not a permitted attribute'],
    });
  });

  it('asks for the envelope when it is missing', () => {
    expect(errorsOf({})).toEqual({ user: ["can't be blank"] });
  });

  it('requires letters and digits in passwords', () => {
    expect(errorsOf({ user: { ...valid, password: 'onlyletters' } })).toEqual({
      password: ['must contain letters and digits'],
    });
  });
});

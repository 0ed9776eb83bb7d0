import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Trims strings; leaves other values for the type check to reject. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Lower-cases and trims strings (emails, sort orders). */
export const Lowercase = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

/** Query strings carry text: "true"/"1" and "false"/"0" become booleans, anything else stays for the check. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1' || value === true) return true;
    if (value === 'false' || value === '0' || value === false) return false;
    return value;
  });

/** Query strings carry text: digits become an integer, anything else stays for the check to reject. */
export const QueryInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  );

/** `ids[]=a&ids[]=b`, `ids=a,b` and a JSON array all become a list of trimmed, non-empty strings. */
export const QueryList = () =>
  Transform(({ value }: { value: unknown }) => {
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(items)) return items;
    return items.map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
  });

/** The value must equal another property's value (a password confirmation). */
export function EqualsProperty(property: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'equalsProperty',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const [other] = args.constraints as [string];
          return value === (args.object as Record<string, unknown>)[other];
        },
      },
    });
}

/** Letters and digits both present: the password rule. */
export const LETTERS_AND_DIGITS = /^(?=.*\p{L})(?=.*\p{N}).*$/u;

// Arguments objects from keybindings, tasks, other extensions and tests: checked against the
// command's declared fields before anything is sent to an engine, with a message that says what
// was wrong, and handed to the command typed.
import { l10n } from '../util/text';

export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** A plain `{ … }` object, as opposed to a tree row or a VS Code URI. */
export function isArgumentsObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `object`: a plain object the command checks against fields of its own (parseArguments again). */
type FieldType = 'string' | 'boolean' | 'number' | 'string[]' | 'record' | 'object';

export interface Field<T extends FieldType = FieldType, R extends boolean = boolean> {
  readonly type: T;
  readonly required: R;
}

/** The fields a command takes in its arguments object. */
export type Fields = Readonly<Record<string, Field>>;

type ValueOf<T extends FieldType> = T extends 'string'
  ? string
  : T extends 'boolean'
    ? boolean
    : T extends 'number'
      ? number
      : T extends 'string[]'
        ? string[]
        : T extends 'record'
          ? Record<string, string>
          : Record<string, unknown>;

/** The typed arguments object of a command with these fields. */
export type ArgsOf<F extends Fields> = {
  [K in keyof F as F[K]['required'] extends true ? K : never]: ValueOf<F[K]['type']>;
} & {
  [K in keyof F as F[K]['required'] extends true ? never : K]?: ValueOf<F[K]['type']>;
};

export const required = <T extends FieldType>(type: T): Field<T, true> => ({ type, required: true });
export const optional = <T extends FieldType>(type: T): Field<T, false> => ({ type, required: false });

/**
 * Checks an arguments object against the fields a command takes (unknown fields are refused too)
 * and returns it typed.
 */
export function parseArguments<F extends Fields>(command: string, args: Record<string, unknown>, fields: F): ArgsOf<F> {
  for (const key of Object.keys(args)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      throw new ArgumentError(
        l10n.t('{0}: unknown argument "{1}". It takes: {2}.', command, key, Object.keys(fields).join(', ')),
      );
    }
  }
  for (const [key, spec] of Object.entries(fields)) {
    const value = args[key];
    if (value === undefined) {
      if (spec.required) throw new ArgumentError(l10n.t('{0}: the argument "{1}" is required.', command, key));
      continue;
    }
    if (!hasType(value, spec.type)) {
      throw new ArgumentError(l10n.t('{0}: the argument "{1}" must be of type {2}.', command, key, spec.type));
    }
    if (spec.type === 'string' && spec.required && (value as string).trim() === '') {
      throw new ArgumentError(l10n.t('{0}: the argument "{1}" must not be empty.', command, key));
    }
  }
  return args as ArgsOf<F>;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'record':
      return isArgumentsObject(value) && Object.values(value).every((v) => typeof v === 'string');
    case 'object':
      return isArgumentsObject(value);
  }
}

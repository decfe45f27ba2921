// Arguments objects from keybindings, tasks, other extensions and tests: checked before anything
// is sent to an engine, with a message that says what was wrong.
import { l10n } from '../util/text';

export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** A plain `{ … }` object, as opposed to a tree node or a VS Code URI. */
export function isArgumentsObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

type FieldType = 'string' | 'boolean' | 'number' | 'string[]' | 'record';

/** Checks an arguments object against the fields a command takes; unknown fields are refused too. */
export function checkArguments(
  command: string,
  args: Record<string, unknown>,
  fields: Record<string, { type: FieldType; required?: boolean }>,
): void {
  for (const key of Object.keys(args)) {
    if (!(key in fields)) {
      throw new ArgumentError(l10n.t('{0}: unknown argument "{1}". It takes: {2}.', command, key, Object.keys(fields).join(', ')));
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
  }
}

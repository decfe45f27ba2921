// Reading the engine's answers defensively: a field of another type than the API documents (a
// newer or a broken engine, a proxy in between) reads as absent, never as a crash or as
// "undefined" on screen. Pure.
import { StringMap } from '../engine/types';

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isString = (x: unknown): x is string => typeof x === 'string';
const NONE: string[] = Object.freeze([]) as unknown as string[];
/**
 * The strings of a list: the engine's list itself when it holds only strings (the usual answer; the
 * lists read from the engine are never changed, so sharing one costs nothing), else those strings,
 * or one shared empty list, frozen (most endpoints have no DNS names, many no aliases).
 */
export const strings = (v: unknown): string[] =>
  !Array.isArray(v) || !v.length ? NONE : v.every(isString) ? (v as string[]) : v.filter(isString);
export const objects = <T>(v: unknown): T[] =>
  Array.isArray(v) ? v.filter((x): x is T => !!x && typeof x === 'object') : [];
export const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The entries of a map whose values are objects (a `null` or a string value is left out). */
export function objectEntries<T>(v: unknown): [string, T][] {
  return Object.entries(record(v) ?? {}).filter(
    (e): e is [string, T] => !!e[1] && typeof e[1] === 'object' && !Array.isArray(e[1]),
  );
}

/**
 * A string map: strings kept, numbers and booleans as text, anything else left out. Keys are own
 * properties whatever they are called (a label named `__proto__` stays a label).
 */
export function stringMap(value: unknown): StringMap {
  const out: StringMap = {};
  const map = record(value);
  if (!map) return out;
  // Keys, not entries: no pair to allocate for each (this runs four times for every network).
  for (const k of Object.keys(map)) {
    const v = map[k];
    const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    if (text === undefined) continue;
    // Assigning `__proto__` would set the prototype; every other key is an ordinary property.
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: text, enumerable: true, writable: true, configurable: true });
    else out[k] = text;
  }
  return out;
}

// The one order of names in every list, picker and panel: by UTF-16 code unit, as the engine
// sorts, so the same names come out in the same order everywhere (not by locale).

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const byName = (a: { readonly name: string }, b: { readonly name: string }): number =>
  compareText(a.name, b.name);

/** Entries of a string map by key. */
export const byKey = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number => compareText(a, b);

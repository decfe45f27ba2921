// A network panel's updates sent as what changed. A connect among 500 containers changes one row,
// and each message crosses VS Code's hops to the page (the extension host, the window, the page's
// frames): the whole view, 94 KB for 500 rows, reached the page 40-100 ms after it was posted, and
// a second message behind it waited for the first. An update names the rows the page already has by
// their index in its list and sends only the others. Both sides import this file.
import type { ContainerRow, NetworkView, PlumbingView } from './protocol';

/** A list where an item the page already has is its index in the page's list. */
export type ListPatch<T> = (T | number)[];

type PlumbingRow = PlumbingView['rows'][number];

/** A network view as changes from the one the page shows. */
export interface NetworkViewPatch extends Omit<NetworkView, 'containers' | 'json' | 'plumbing'> {
  containers: ListPatch<ContainerRow>;
  /** Left out when it is the same. */
  json?: string;
  plumbing?: Omit<PlumbingView, 'rows'> & { rows: ListPatch<PlumbingRow> };
}

// An item's JSON, made once per item (the views are made new for each message and never changed).
const texts = new WeakMap<object, string>();
function text(item: object): string {
  let t = texts.get(item);
  if (t === undefined) texts.set(item, (t = JSON.stringify(item)));
  return t;
}

/** `after`, with each item equal to one of `before` given as its index there. */
export function listPatch<T extends object>(before: readonly T[], after: readonly T[]): ListPatch<T> {
  const at = new Map<string, number>();
  before.forEach((item, i) => {
    const t = text(item);
    if (!at.has(t)) at.set(t, i);
  });
  return after.map((item) => at.get(text(item)) ?? item);
}

/** The list a patch describes; undefined when it names an item `before` does not have. */
export function applyListPatch<T>(before: readonly T[], patch: ListPatch<T>): T[] | undefined {
  const out: T[] = [];
  for (const p of patch) {
    if (typeof p !== 'number') out.push(p);
    else if (Number.isInteger(p) && p >= 0 && p < before.length) out.push(before[p]);
    else return undefined;
  }
  return out;
}

/** `after` as changes from `before`. */
export function networkPatch(before: NetworkView, after: NetworkView): NetworkViewPatch {
  const { containers, json, plumbing, ...rest } = after;
  const patch: NetworkViewPatch = { ...rest, containers: listPatch(before.containers, containers) };
  if (json !== before.json) patch.json = json;
  if (plumbing) patch.plumbing = { ...plumbing, rows: listPatch(before.plumbing?.rows ?? [], plumbing.rows) };
  return patch;
}

/** The view `patch` describes from `before`; undefined when it does not fit `before`. */
export function applyNetworkPatch(before: NetworkView, patch: NetworkViewPatch): NetworkView | undefined {
  const { containers, json, plumbing, ...rest } = patch;
  const rows = applyListPatch(before.containers, containers);
  const plumbingRows = plumbing && applyListPatch(before.plumbing?.rows ?? [], plumbing.rows);
  if (!rows || (plumbing && !plumbingRows)) return undefined;
  const view: NetworkView = { ...rest, containers: rows, json: json ?? before.json };
  if (plumbing) view.plumbing = { ...plumbing, rows: plumbingRows! };
  return view;
}

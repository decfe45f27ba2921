// What the tree shows of a snapshot under the user's view settings: the filter, built-in networks
// shown or not, grouping and order. Pure, so the rules are tested without VS Code.
import { compareText } from '../util/order';
import { composeOrigin } from './compose';
import { EndpointModel, NetworkModel } from './snapshot';

export type GroupBy = 'none' | 'driver' | 'scope' | 'composeProject';
export type SortBy = 'name' | 'created';

export interface ViewOptions {
  /** Matches network name, driver, subnet, label keys and values, and container names. */
  filter?: string;
  showBuiltIn: boolean;
  groupBy: GroupBy;
  sortBy: SortBy;
}

/** A network as the tree shows it: its containers narrowed by the filter when only they match. */
export interface ShownNetwork {
  network: NetworkModel;
  /** The containers the filter matched, where only they match; absent: all (read when shown). */
  endpoints?: EndpointModel[];
}

export interface NetworkGroup {
  key: string;
  networks: ShownNetwork[];
}

function includes(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle);
}

function networkMatches(n: NetworkModel, needle: string): boolean {
  if (includes(n.name, needle) || includes(n.driver, needle) || n.id.startsWith(needle)) return true;
  if (
    n.ipam.configs.some((c) => (c.subnet && includes(c.subnet, needle)) || (c.gateway && includes(c.gateway, needle)))
  )
    return true;
  return Object.entries(n.labels).some(([k, v]) => includes(k, needle) || includes(v, needle));
}

function endpointMatches(e: EndpointModel, needle: string): boolean {
  return includes(e.containerName, needle) || (!!e.ipv4 && e.ipv4.startsWith(needle));
}

const byName = (a: ShownNetwork, b: ShownNetwork) => compareText(a.network.name, b.network.name);
// Newest first, as `docker network ls` users expect of "created"; name breaks ties.
const byCreated = (a: ShownNetwork, b: ShownNetwork) =>
  compareText(b.network.created ?? '', a.network.created ?? '') || byName(a, b);

/** Applies the filter and the built-in setting, then sorts. */
export function shownNetworks(networks: readonly NetworkModel[], options: ViewOptions): ShownNetwork[] {
  const needle = options.filter?.trim().toLowerCase() ?? '';
  const shown: ShownNetwork[] = [];
  for (const network of networks) {
    if (!options.showBuiltIn && network.builtIn) continue;
    if (!needle || networkMatches(network, needle)) {
      shown.push({ network });
      continue;
    }
    const endpoints = network.endpoints.filter((e) => endpointMatches(e, needle));
    if (endpoints.length) shown.push({ network, endpoints });
  }
  return shown.sort(options.sortBy === 'created' ? byCreated : byName);
}

function groupKey(n: NetworkModel, groupBy: Exclude<GroupBy, 'none'>): string {
  if (groupBy === 'composeProject') return composeOrigin(n)?.project ?? '';
  return (groupBy === 'driver' ? n.driver : n.scope) || '—';
}

/**
 * Groups shown networks by driver, scope or Compose project (or swarm stack); one group with an
 * empty key when not grouping. Networks no project made share the group with the empty key, last.
 */
export function groupNetworks(shown: ShownNetwork[], groupBy: GroupBy): NetworkGroup[] {
  if (groupBy === 'none') return [{ key: '', networks: shown }];
  const groups = new Map<string, ShownNetwork[]>();
  for (const s of shown) {
    const key = groupKey(s.network, groupBy);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(s);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => ((a === '') !== (b === '') ? (a === '' ? 1 : -1) : compareText(a, b)))
    .map(([key, networks]) => ({ key, networks }));
}

// The join of an engine's two lists, kept so that an event's re-read patches only what it touched:
// the containers it names are placed again on their networks, the networks it names are rebuilt,
// and only the networks whose endpoints changed get a new model object. Everything else keeps its
// identity from one snapshot to the next (the views redraw only what changed), and an update costs
// the size of the change, not of the engine. A full read builds a new index.
//
// One rule for every order and every ambiguity, so that a patched snapshot equals a fresh join of
// the same lists (the tests hold it to that): networks and containers by name then ID, endpoints
// by container name then ID; a network named where its ID is unknown is the lowest ID of that
// name; `--network container:x` is x's ID, else the lowest ID named x, else the lowest ID
// starting with x. Pure: no I/O, no `vscode`.
import { RawContainer, RawEndpointSettings, RawNetwork } from '../engine/types';
import { compareText } from '../util/order';
import { objectEntries, record, str } from './read';
import {
  ContainerModel,
  containerName,
  containerState,
  EndpointModel,
  endpointFrom,
  EngineSnapshot,
  NetworkModel,
  toNetworkModel,
} from './snapshot';

type Named = { readonly name: string; readonly id: string };
const byNameThenId = (a: Named, b: Named) => compareText(a.name, b.name) || compareText(a.id, b.id);
// Two endpoints of one container on one network (two settings naming it) keep their settings' order.
const byContainer = (a: EndpointModel, b: EndpointModel) =>
  compareText(a.containerName, b.containerName) || compareText(a.containerId, b.containerId);

/** How a container is configured: on networks (by the keys of its settings), or in another's stack. */
interface Joined {
  model: ContainerModel;
  raw: RawContainer;
  /** `--network container:x`: x as written. */
  shares?: string;
  settings: [string, RawEndpointSettings][];
}

const addTo = (index: Map<string, Set<string>>, key: string, id: string) => {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
};
const removeFrom = (index: Map<string, Set<string>>, key: string, id: string) => {
  const set = index.get(key);
  if (set?.delete(id) && !set.size) index.delete(key);
};
const lowest = (ids: Iterable<string> | undefined): string | undefined => {
  let min: string | undefined;
  for (const id of ids ?? []) if (min === undefined || id < min) min = id;
  return min;
};

export class SnapshotIndex {
  /** Each network's own model, its endpoints left empty (they live in `endpoints`). */
  private readonly bare = new Map<string, NetworkModel>();
  /** Each network's endpoints, in the order they were put (sorted when published). */
  private readonly endpoints = new Map<string, EndpointModel[]>();
  /** The models the last snapshot holds, endpoints in. */
  private readonly published = new Map<string, NetworkModel>();
  private readonly idsByName = new Map<string, Set<string>>();
  private readonly joined = new Map<string, Joined>();
  /** The networks each container's endpoints were put on. */
  private readonly placed = new Map<string, string[]>();
  /**
   * Containers whose settings name a network, by its ID and by name: made when a network first
   * changes (a full read need not pay for it), then kept up to date.
   */
  private refs: { byId: Map<string, Set<string>>; byName: Map<string, Set<string>> } | undefined;
  private readonly sharers = new Set<string>();
  /** Networks whose model changed since the last snapshot, and containers whose model did. */
  private readonly dirty = new Set<string>();
  private readonly remodelled = new Set<string>();
  /** Set while the constructor joins everything (nothing to track yet). */
  private building = true;
  /** Where each network and container is in the snapshot's lists. */
  private networkAt = new Map<string, number>();
  private containerAt = new Map<string, number>();
  snapshot: EngineSnapshot;

  constructor(
    private readonly rawNetworks: ReadonlyMap<string, RawNetwork>,
    private readonly rawContainers: ReadonlyMap<string, RawContainer>,
  ) {
    for (const n of rawNetworks.values()) this.setNetwork(n.Id, n);
    for (const c of rawContainers.values()) this.setContainer(c.Id, c);
    for (const id of this.joined.keys()) if (!this.sharers.has(id)) this.place(id);
    for (const id of this.sharers) this.place(id);
    // Every network is new: no need to have tracked which changed.
    for (const id of this.bare.keys()) this.dirty.add(id);
    this.building = false;
    this.snapshot = this.publish(true, true);
  }

  /**
   * The lists changed for these networks and containers (each read again: present in the lists,
   * or gone from them): patches the join and returns the new snapshot.
   */
  apply(networkIds: readonly string[], containerIds: readonly string[]): EngineSnapshot {
    let networksMoved = false;
    let containersMoved = false;
    const replace = new Set<string>();
    for (const id of new Set(networkIds)) {
      const before = this.bare.get(id);
      const after = this.rawNetworks.get(id);
      if (!before && !after) continue;
      for (const name of [before?.name, after ? str(after.Name) : undefined])
        if (name !== undefined) for (const c of this.references().byName.get(name) ?? []) replace.add(c);
      for (const c of this.references().byId.get(id) ?? []) replace.add(c);
      networksMoved ||= !before || !after || before.name !== str(after.Name);
      this.setNetwork(id, after);
    }
    for (const id of new Set(containerIds)) {
      const before = this.joined.get(id);
      const after = this.rawContainers.get(id);
      if (!before && !after) continue;
      containersMoved ||= !before || !after || before.model.name !== containerName(after);
      this.setContainer(id, after);
      replace.add(id);
    }
    // Those that share another's stack copy its endpoints: placed again after everything else.
    const sharersToo = this.sharers.size > 0 && (replace.size > 0 || networksMoved || containersMoved);
    for (const id of replace) if (!this.sharers.has(id)) this.place(id);
    if (sharersToo) for (const id of this.sharers) this.place(id);
    else for (const id of replace) if (this.sharers.has(id)) this.place(id);
    this.snapshot = this.publish(networksMoved, containersMoved);
    return this.snapshot;
  }

  private setNetwork(id: string, raw: RawNetwork | undefined): void {
    const before = this.bare.get(id);
    if (before) removeFrom(this.idsByName, before.name, id);
    if (!this.building) this.dirty.add(id);
    if (!raw) {
      this.bare.delete(id);
      this.endpoints.delete(id);
      this.published.delete(id);
      return;
    }
    const model = toNetworkModel(raw);
    this.bare.set(id, model);
    addTo(this.idsByName, model.name, id);
    if (!this.endpoints.has(id)) this.endpoints.set(id, []);
  }

  private setContainer(id: string, raw: RawContainer | undefined): void {
    const before = this.joined.get(id);
    if (before) {
      for (const [key, s] of before.settings) {
        if (!this.refs) break;
        removeFrom(this.refs.byName, key, id);
        if (s.NetworkID) removeFrom(this.refs.byId, s.NetworkID, id);
      }
      this.sharers.delete(id);
      this.joined.delete(id);
    }
    if (!this.building) this.remodelled.add(id);
    if (!raw) return;
    const name = containerName(raw);
    const mode = str(record(raw.HostConfig)?.NetworkMode);
    const shares = mode.startsWith('container:') ? mode.slice('container:'.length) : undefined;
    const settings = shares ? [] : objectEntries<RawEndpointSettings>(record(raw.NetworkSettings)?.Networks);
    const model: ContainerModel = {
      id: raw.Id,
      name,
      image: str(raw.Image),
      state: containerState(raw.State),
      status: str(raw.Status),
      networks: settings.map(([n]) => n),
    };
    this.joined.set(id, { model, raw, settings, ...(shares !== undefined ? { shares } : {}) });
    if (shares !== undefined) this.sharers.add(id);
    for (const [key, s] of settings) {
      if (!this.refs) break;
      addTo(this.refs.byName, key, id);
      if (s.NetworkID) addTo(this.refs.byId, s.NetworkID, id);
    }
  }

  private references(): NonNullable<SnapshotIndex['refs']> {
    if (!this.refs) {
      const refs = { byId: new Map<string, Set<string>>(), byName: new Map<string, Set<string>>() };
      for (const [id, j] of this.joined)
        for (const [key, s] of j.settings) {
          addTo(refs.byName, key, id);
          if (s.NetworkID) addTo(refs.byId, s.NetworkID, id);
        }
      this.refs = refs;
    }
    return this.refs;
  }

  /** The network an endpoint of these settings is on: by its ID, else the lowest ID of its name. */
  private networkOf(key: string, s: RawEndpointSettings): string | undefined {
    if (s.NetworkID && this.bare.has(s.NetworkID)) return s.NetworkID;
    return lowest(this.idsByName.get(key));
  }

  /** The container `container:ref` means: its ID, else the lowest ID of that name, else of that prefix. */
  private resolve(ref: string): string | undefined {
    if (this.joined.has(ref)) return ref;
    let byName: string | undefined;
    let byPrefix: string | undefined;
    for (const [id, j] of this.joined) {
      if (j.model.name === ref && (byName === undefined || id < byName)) byName = id;
      else if (id.startsWith(ref) && (byPrefix === undefined || id < byPrefix)) byPrefix = id;
    }
    return byName ?? byPrefix;
  }

  /** Takes the container's endpoints off where they were, and puts them where they are now. */
  private place(id: string): void {
    for (const network of this.placed.get(id) ?? []) {
      const list = this.endpoints.get(network);
      if (list)
        this.endpoints.set(
          network,
          list.filter((e) => e.containerId !== id),
        );
      this.dirty.add(network);
    }
    const j = this.joined.get(id);
    if (!j) {
      this.placed.delete(id);
      return;
    }
    const now: string[] = [];
    this.placed.set(id, now);
    if (j.shares === undefined) {
      const names = j.model.networks;
      for (const [key, s] of j.settings) {
        const network = this.networkOf(key, s);
        if (!network) continue;
        const others = names.length > 1 ? names.filter((x) => x !== key) : [];
        this.endpoints.get(network)!.push(endpointFrom(j.raw, j.model.name, s, others));
        now.push(network);
        if (!this.building) this.dirty.add(network);
      }
      return;
    }
    // `--network container:x` shares x's stack: shown wherever x is, marked as shared.
    const targetId = this.resolve(j.shares);
    const target = targetId === undefined ? undefined : this.joined.get(targetId);
    const sharedFrom = target ? { id: target.model.id, name: target.model.name } : undefined;
    if (sharedFrom?.id !== j.model.sharedFrom?.id || sharedFrom?.name !== j.model.sharedFrom?.name) {
      const { sharedFrom: _old, ...rest } = j.model;
      j.model = sharedFrom ? { ...rest, sharedFrom } : rest;
      this.remodelled.add(id);
    }
    // A container that shares a stack itself has no endpoints of its own to show.
    if (!target || !sharedFrom || target.shares !== undefined) return;
    for (const network of new Set(this.placed.get(target.model.id))) {
      const list = this.endpoints.get(network)!;
      for (const endpoint of list.filter((e) => e.containerId === target.model.id)) {
        list.push({
          ...endpoint,
          containerId: id,
          containerName: j.model.name,
          image: str(j.raw.Image),
          state: j.model.state,
          status: j.model.status,
          sharedFrom,
        });
        now.push(network);
        this.dirty.add(network);
      }
    }
  }

  /** The snapshot: new models for the networks that changed, the others as they were. */
  private publish(networksMoved: boolean, containersMoved: boolean): EngineSnapshot {
    const previous = this.snapshot as EngineSnapshot | undefined;
    for (const id of this.dirty) {
      const bare = this.bare.get(id);
      if (!bare) continue;
      const endpoints = (this.endpoints.get(id) ?? []).slice();
      if (endpoints.length > 1) endpoints.sort(byContainer);
      this.published.set(id, { ...bare, endpoints });
    }
    // Sorted again only when one came, went or was renamed; otherwise each keeps its place, and
    // the new list is the old one copied with the changed entries put in.
    const dirty = this.dirty;
    let networks: NetworkModel[];
    if (!previous || networksMoved) {
      networks = [...this.published.values()].sort(byNameThenId);
      this.networkAt = new Map(networks.map((n, i) => [n.id, i]));
    } else {
      networks = dirty.size ? previous.networks.slice() : previous.networks;
      for (const id of dirty) {
        const at = this.networkAt.get(id);
        const model = this.published.get(id);
        if (at !== undefined && model) networks[at] = model;
      }
    }
    const remodelled = this.remodelled;
    let containers: ContainerModel[];
    if (!previous || containersMoved) {
      containers = [...this.joined.values()].map((j) => j.model).sort(byNameThenId);
      this.containerAt = new Map(containers.map((c, i) => [c.id, i]));
    } else {
      containers = remodelled.size ? previous.containers.slice() : previous.containers;
      for (const id of remodelled) {
        const at = this.containerAt.get(id);
        const j = this.joined.get(id);
        if (at !== undefined && j) containers[at] = j.model;
      }
    }
    dirty.clear();
    remodelled.clear();
    return { networks, containers };
  }
}

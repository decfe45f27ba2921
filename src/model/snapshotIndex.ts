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
//
// Built for engines of tens of thousands of containers: the join allocates little beyond the
// models it publishes (one record per network and per container, exact-size arrays, no index of
// what every container names), because on the extension host every allocation is paid again in
// garbage collection pauses that stall every extension. A network's endpoint models are made when
// a view first reads them (the tree shows a closed network by its count): most never are.
import { RawContainer, RawEndpointSettings, RawNetwork } from '../engine/types';
import { compareText } from '../util/order';
import { record, str } from './read';
import {
  ContainerModel,
  containerName,
  containerState,
  EndpointModel,
  endpointFrom,
  EngineSnapshot,
  NetworkFields,
  networkFields,
  NetworkModel,
} from './snapshot';

const NOTHING: readonly string[] = Object.freeze([]);

/**
 * One endpoint of a network: a container placed there by one of its settings, made into an
 * endpoint model only when the network's endpoints are read (most networks' never are: the tree
 * shows a closed network by its count); or, for a container that shares another's stack, the
 * endpoint model itself.
 */
type Entry = Joined | EndpointModel;

/** A network: its model as last published (or being made), and its endpoints. */
interface Net {
  /** Its ID: the key of its record (read here, one step fewer than through `fields`). */
  id: string;
  /** What its model says besides its endpoints, as last read. */
  fields: NetworkFields;
  /** Its model as last published (until the first publish, without endpoints). */
  model: NetworkModel;
  /**
   * Its endpoints in order, as entries; what `model.endpoints` is made from once published, copied
   * before it is changed again.
   */
  list: Entry[];
  /** For each of `list`: the index of the container's setting that placed it; -1 for an endpoint model. */
  slots: number[];
  /** `list` is not in a published snapshot: it may be changed in place. */
  owned: boolean;
  /** `fields` were read since the last snapshot: `model` is not made of them yet. */
  fresh: boolean;
  /** Endpoints were put in `list` out of order since it was last sorted. */
  unsorted: boolean;
  /** Where it is in the snapshot's list. */
  at: number;
}

/** A container: its model, and how it is configured (on networks by name, or in another's stack). */
interface Joined {
  model: ContainerModel;
  raw: RawContainer;
  /** The settings in `NetworkSettings.Networks` for each of `model.networks`, in that order. */
  settings: readonly RawEndpointSettings[];
  /** `--network container:x`: x as written. */
  shares?: string;
  /** The networks its endpoints were put on. */
  placed: readonly string[];
  /** Some of its settings were placed by name (their network ID unknown): see `loose`. */
  loose: boolean;
  /** Where it is in the snapshot's list. */
  at: number;
}

/** A map of string to one or more values: one value in the common case, no Set per key. */
class Multi<V = string> {
  private readonly map = new Map<string, V | V[]>();
  add(key: string, value: V): void {
    const had = this.map.get(key);
    if (had === undefined) this.map.set(key, value);
    else if (!Array.isArray(had)) {
      if (had !== value) this.map.set(key, [had, value]);
    } else if (!had.includes(value)) had.push(value);
  }
  remove(key: string, value: V): void {
    const had = this.map.get(key);
    if (had === value) this.map.delete(key);
    else if (Array.isArray(had)) {
      const rest = had.filter((v) => v !== value);
      this.map.set(key, rest.length === 1 ? rest[0] : rest);
    }
  }
  get(key: string): readonly V[] {
    const had = this.map.get(key);
    return had === undefined ? (NOTHING as readonly V[]) : Array.isArray(had) ? had : [had];
  }
  /** The one value of `key`, if it has exactly one. */
  only(key: string): V | undefined {
    const had = this.map.get(key);
    return Array.isArray(had) ? undefined : had;
  }
  /** The value of `key` whose `order` is lowest. */
  lowest(key: string, order: (value: V) => string): V | undefined {
    const had = this.map.get(key);
    if (!Array.isArray(had)) return had;
    let min = had[0];
    for (const v of had) if (order(v) < order(min)) min = v;
    return min;
  }
}

const netId = (net: Net): string => net.id;
const itself = (id: string): string => id;

/** A network's or a container's record, by its model's name then ID. */
type Ranked<M> = { model: M & { name: string; id: string }; at: number };
const byModel = <M>(a: Ranked<M>, b: Ranked<M>) =>
  compareText(a.model.name, b.model.name) || compareText(a.model.id, b.model.id);

/** These records in the one order, each told where its model is. */
function inOrder<R extends Ranked<unknown>>(records: Iterable<R>): R[] {
  const sorted = [...records].sort(byModel);
  for (let i = 0; i < sorted.length; i++) sorted[i].at = i;
  return sorted;
}

/** The models of records in order. */
function modelsOf<M>(sorted: readonly Ranked<M>[]): M[] {
  const models = new Array<M>(sorted.length);
  for (let i = 0; i < sorted.length; i++) models[i] = sorted[i].model;
  return models;
}

/** The models of these records in the one order, each record told where its model is. */
const ranked = <M>(records: Iterable<Ranked<M>>): M[] => modelsOf(inOrder(records));

export class SnapshotIndex {
  private readonly nets = new Map<string, Net>();
  private readonly netsByName = new Multi<Net>();
  private readonly joined = new Map<string, Joined>();
  /**
   * Containers with settings placed by name, not by ID (never started, or the ID is gone): by that
   * name and by the unknown ID. A network that comes, goes or is renamed moves them, and only them
   * besides the containers on it; usually a handful.
   */
  private readonly looseByName = new Multi();
  private readonly looseById = new Multi();
  /** Containers that share another's stack, and whose stack each shares now. */
  private readonly sharers = new Map<string, string | undefined>();
  /** Containers by name, made when the first sharer needs it. */
  private byName: Multi | undefined;
  /** Networks whose model or endpoints may have changed since the last snapshot; containers whose model did. */
  private readonly dirty = new Set<string>();
  private readonly remodelled = new Set<string>();
  /**
   * While the join is first made: every container in order (each list stays in order as they are
   * placed, and a name is found in it without an index of names).
   */
  private ordered: readonly Joined[] | undefined;
  snapshot: EngineSnapshot;

  constructor(
    private readonly rawNetworks: ReadonlyMap<string, RawNetwork>,
    private readonly rawContainers: ReadonlyMap<string, RawContainer>,
  ) {
    // Nothing is joined yet: none of them is looked up first (in a table this size each lookup is
    // a miss in the processor's cache, and the insert that follows pays its own).
    for (const n of rawNetworks.values()) this.setNetwork(n.Id, undefined, n);
    for (const c of rawContainers.values()) this.setContainer(c.Id, undefined, c);
    // Placed in the containers' order, every network's endpoints come out in order: no network's
    // list to sort, but those a container that shares another's stack is put on (a handful).
    const containers = inOrder(this.joined.values());
    this.ordered = containers;
    for (const j of containers) if (j.shares === undefined) this.place(j);
    for (const id of this.sharers.keys()) this.place(this.joined.get(id)!);
    this.ordered = undefined;
    this.remodelled.clear(); // every container is published anyway
    this.snapshot = this.publish(true, modelsOf(containers));
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
      const before = this.nets.get(id);
      const after = this.rawNetworks.get(id);
      if (!before && !after) continue;
      // Read again under the same name, it is where it was: only its own model changes. Come,
      // gone or renamed: the containers on it, and those a network of its name or ID would take.
      const was = before?.fields.name;
      const moved = !before || !after || was !== str(after.Name);
      this.setNetwork(id, before, after);
      if (!moved) continue;
      networksMoved = true;
      if (before) for (let k = 0; k < before.list.length; k++) replace.add(idOf(before.list[k], before.slots[k]));
      for (const name of [was, after ? str(after.Name) : undefined])
        if (name !== undefined) for (const c of this.looseByName.get(name)) replace.add(c);
      for (const c of this.looseById.get(id)) replace.add(c);
    }
    for (const id of new Set(containerIds)) {
      const before = this.joined.get(id);
      const after = this.rawContainers.get(id);
      if (!before && !after) continue;
      containersMoved ||= !before || !after || before.model.name !== containerName(after);
      this.setContainer(id, before, after);
      replace.add(id);
    }
    // Those that share another's stack copy its endpoints: placed again after everything else.
    // A container came, went or was renamed: any sharer may mean another one now; otherwise those
    // whose stack was placed again, and those named.
    for (const id of replace) {
      const j = this.joined.get(id);
      if (j && j.shares === undefined) this.place(j);
    }
    for (const [id, target] of this.sharers)
      if (containersMoved || replace.has(id) || (target !== undefined && replace.has(target)))
        this.place(this.joined.get(id)!);
    this.snapshot = this.publish(networksMoved, containersMoved ? ranked(this.joined.values()) : undefined);
    return this.snapshot;
  }

  /** The networks these containers' endpoints are on (by ID; a network once for each endpoint). */
  networksOf(containerIds: readonly string[]): string[] {
    const on: string[] = [];
    for (const id of containerIds) {
      const j = this.joined.get(id);
      if (j) for (const network of j.placed) on.push(network);
    }
    return on;
  }

  /** Sets the network of this ID as `raw` says (gone: undefined); `before`, its record until now. */
  private setNetwork(id: string, before: Net | undefined, raw: RawNetwork | undefined): void {
    if (before) this.netsByName.remove(before.fields.name, before);
    this.dirty.add(id);
    if (!raw) {
      this.nets.delete(id);
      return;
    }
    const fields = networkFields(raw);
    let net = before;
    if (net) {
      net.fields = fields;
      net.fresh = true;
    } else {
      // The model is made at the first publish; until then `fields` serve for its name and ID.
      const model = fields as NetworkModel;
      net = { id, fields, model, list: [], slots: [], owned: true, fresh: true, unsorted: false, at: -1 };
      this.nets.set(id, net);
    }
    this.netsByName.add(fields.name, net);
  }

  /** Sets the container of this ID as `raw` says (gone: undefined); `before`, its record until now. */
  private setContainer(id: string, before: Joined | undefined, raw: RawContainer | undefined): void {
    if (before) {
      this.unplace(before);
      this.sharers.delete(id);
      this.byName?.remove(before.model.name, id);
      this.joined.delete(id);
      this.remodelled.add(id);
    }
    if (!raw) return;
    const name = containerName(raw);
    const mode = str(record(raw.HostConfig)?.NetworkMode);
    const shares = mode.startsWith('container:') ? mode.slice('container:'.length) : undefined;
    const [networks, settings] = networkSettings(
      shares === undefined ? record(record(raw.NetworkSettings)?.Networks) : undefined,
    );
    const model: ContainerModel = {
      id: raw.Id,
      name,
      image: str(raw.Image),
      state: containerState(raw.State),
      status: str(raw.Status),
      networks,
    };
    this.joined.set(id, { model, raw, settings, shares, placed: NOTHING, loose: false, at: before?.at ?? -1 });
    if (shares !== undefined) this.sharers.set(id, undefined);
    this.byName?.add(name, id);
    if (before) this.remodelled.add(id);
  }

  /**
   * The network of this ID, named `name` in a container's settings. Found through the name where
   * one network has it: the name is a key of the engine's JSON, a string V8 has hashed already,
   * while every setting's 64-character ID is a string of its own, hashed again to be looked up
   * (about 10 ms of the join at 50,000 containers); and one lookup, not two, each a likely miss in
   * the processor's cache.
   */
  private byId(id: string, name: string): Net | undefined {
    const named = this.netsByName.only(name);
    return named && named.id === id ? named : this.nets.get(id);
  }

  /** Adds an endpoint to a network's list: `slot` of the container's settings, or -1 for an endpoint model. */
  private add(net: Net, entry: Entry, slot: number): void {
    this.writable(net);
    net.list.push(entry);
    net.slots.push(slot);
    // A sharer is placed after the others: its endpoints out of order.
    if (!this.ordered || slot < 0) net.unsorted = true;
  }

  /** An owned list is in `dirty` already: it became owned there, or its network is new. */
  private writable(net: Net): Net {
    if (!net.owned) {
      net.list = net.list.slice();
      net.slots = net.slots.slice();
      net.owned = true;
      this.dirty.add(net.id);
    }
    return net;
  }

  /** Takes the container's endpoints off the networks they were put on. */
  private unplace(j: Joined): void {
    const id = j.model.id;
    for (const network of j.placed) {
      const net = this.nets.get(network);
      if (!net) continue;
      const { list, slots } = this.writable(net);
      let to = 0;
      for (let k = 0; k < list.length; k++)
        if (idOf(list[k], slots[k]) !== id) {
          list[to] = list[k];
          slots[to++] = slots[k];
        }
      list.length = to;
      slots.length = to;
    }
    j.placed = NOTHING;
    if (j.loose) {
      const names = j.model.networks;
      for (let i = 0; i < names.length; i++) {
        this.looseByName.remove(names[i], id);
        const networkId = str(j.settings[i].NetworkID);
        if (networkId) this.looseById.remove(networkId, id);
      }
      j.loose = false;
    }
  }

  /** Puts the container's endpoints where they are now (taking them off where they were). */
  private place(j: Joined): void {
    this.unplace(j);
    const id = j.model.id;
    if (j.shares === undefined) {
      const names = j.model.networks;
      if (!names.length) return;
      // Exact-size arrays here and below: one grown by push keeps room for 17.
      const placed = new Array<string>(names.length);
      let count = 0;
      for (let i = 0; i < names.length; i++) {
        const key = names[i];
        const s = j.settings[i];
        const network = str(s.NetworkID);
        let net = network ? this.byId(network, key) : undefined;
        if (!net) {
          // By name: the lowest ID of that name; moved when a network of that name or ID comes or goes.
          this.looseByName.add(key, id);
          if (network) this.looseById.add(network, id);
          j.loose = true;
          net = this.netsByName.lowest(key, netId);
          if (!net) continue;
        }
        this.add(net, j, i);
        // The network's own ID string (hashed as the key of its record), not the setting's.
        placed[count++] = net.id;
      }
      // Setting an array's length is a call into the runtime even when it stays the same.
      if (count < placed.length) placed.length = count;
      j.placed = placed;
      return;
    }
    // `--network container:x` shares x's stack: shown wherever x is, marked as shared.
    const targetId = this.resolve(j.shares);
    this.sharers.set(id, targetId);
    const target = targetId === undefined ? undefined : this.joined.get(targetId);
    const sharedFrom = target ? { id: target.model.id, name: target.model.name } : undefined;
    if (sharedFrom?.id !== j.model.sharedFrom?.id || sharedFrom?.name !== j.model.sharedFrom?.name) {
      const { sharedFrom: _old, ...rest } = j.model;
      j.model = sharedFrom ? { ...rest, sharedFrom } : rest;
      this.remodelled.add(id);
    }
    // A container that shares a stack itself has no endpoints of its own to show.
    if (!target || !sharedFrom || target.shares !== undefined) return;
    const placed: string[] = [];
    for (const network of new Set(target.placed)) {
      const net = this.nets.get(network)!;
      const { list, slots } = net;
      const theirs: EndpointModel[] = [];
      for (let k = 0; k < list.length; k++)
        if (idOf(list[k], slots[k]) === target.model.id) theirs.push(endpointAt(list[k], slots[k]));
      for (const endpoint of theirs) {
        const shared: EndpointModel = {
          ...endpoint,
          containerId: id,
          containerName: j.model.name,
          image: str(j.raw.Image),
          state: j.model.state,
          status: j.model.status,
          sharedFrom,
        };
        this.add(net, shared, -1);
        placed.push(network);
      }
    }
    j.placed = placed;
  }

  /** The container `container:ref` means: its ID, else the lowest ID of that name, else of that prefix. */
  private resolve(ref: string): string | undefined {
    if (this.joined.has(ref)) return ref;
    const named = this.ordered ? lowestNamed(this.ordered, ref) : this.names().lowest(ref, itself);
    if (named !== undefined) return named;
    let byPrefix: string | undefined;
    for (const id of this.joined.keys())
      if (id.startsWith(ref) && (byPrefix === undefined || id < byPrefix)) byPrefix = id;
    return byPrefix;
  }

  /** Containers by name, made when first needed after the join is made. */
  private names(): Multi {
    if (!this.byName) {
      this.byName = new Multi();
      for (const [id, j] of this.joined) this.byName.add(j.model.name, id);
    }
    return this.byName;
  }

  /**
   * The snapshot: new models for the networks that changed, the others as they were; `rankedContainers`, the
   * containers in order when one came, went or was renamed.
   */
  private publish(networksMoved: boolean, rankedContainers: ContainerModel[] | undefined): EngineSnapshot {
    const previous = this.snapshot as EngineSnapshot | undefined;
    const changed: Net[] = [];
    for (const id of this.dirty) {
      const net = this.nets.get(id);
      if (!net || (!net.owned && !net.fresh)) continue;
      if (net.unsorted && net.list.length > 1) sortEntries(net);
      net.unsorted = false;
      net.model = withEndpoints(net.fresh ? net.fields : net.model, net.fresh, net.list, net.slots);
      net.owned = false;
      net.fresh = false;
      changed.push(net);
    }
    this.dirty.clear();
    // Sorted again only when one came, went or was renamed; otherwise each keeps its place, and
    // the new list is the old one copied with the changed entries put in.
    let networks: NetworkModel[];
    if (!previous || networksMoved) networks = ranked<NetworkModel>(this.nets.values());
    else {
      networks = changed.length ? previous.networks.slice() : previous.networks;
      for (const net of changed) networks[net.at] = net.model;
    }
    let containers: ContainerModel[];
    if (rankedContainers || !previous) containers = rankedContainers ?? ranked(this.joined.values());
    else {
      containers = this.remodelled.size ? previous.containers.slice() : previous.containers;
      for (const id of this.remodelled) {
        const j = this.joined.get(id);
        if (j) containers[j.at] = j.model;
      }
    }
    this.remodelled.clear();
    return { networks, containers };
  }
}

/** The container an entry is of. */
const idOf = (entry: Entry, slot: number): string =>
  slot < 0 ? (entry as EndpointModel).containerId : (entry as Joined).model.id;
const nameOf = (entry: Entry, slot: number): string =>
  slot < 0 ? (entry as EndpointModel).containerName : (entry as Joined).model.name;

/** An entry's endpoint model (made again each time for a placed container: see withEndpoints). */
function endpointAt(entry: Entry, slot: number): EndpointModel {
  if (slot < 0) return entry as EndpointModel;
  const j = entry as Joined;
  const names = j.model.networks;
  return endpointFrom(j.raw, j.model.name, j.settings[slot], othersThan(names, names[slot]));
}

/**
 * Puts a network's entries in order: by container name, then ID. Two endpoints of one container on
 * one network (two settings naming it) keep their settings' order.
 */
function sortEntries(net: Net): void {
  const order = net.list.map((_, k) => k);
  order.sort(
    (a, b) =>
      compareText(nameOf(net.list[a], net.slots[a]), nameOf(net.list[b], net.slots[b])) ||
      compareText(idOf(net.list[a], net.slots[a]), idOf(net.list[b], net.slots[b])) ||
      a - b,
  );
  net.list = order.map((k) => net.list[k]);
  net.slots = order.map((k) => net.slots[k]);
}

/** What a published network's endpoints are made from, and the models once made. */
interface Endpoints {
  list: readonly Entry[];
  slots: readonly number[];
  made?: EndpointModel[];
}
const endpointsOf = new WeakMap<NetworkModel, Endpoints>();

/**
 * One getter for every network model (the models share their shape: a getter of each model's own
 * would give each a shape of its own), making the endpoint models when first read, then keeping them.
 */
const ENDPOINTS: PropertyDescriptor = {
  enumerable: true,
  get(this: NetworkModel): EndpointModel[] {
    const e = endpointsOf.get(this)!;
    if (!e.made) {
      const made = new Array<EndpointModel>(e.list.length);
      for (let k = 0; k < made.length; k++) made[k] = endpointAt(e.list[k], e.slots[k]);
      e.made = made;
    }
    return e.made;
  },
};

/**
 * The network's model with these entries (published: no longer changed, a change copies them).
 * Made of `from`: fields just read (`fresh`: this object becomes the model, no copy of it), or the
 * model last published, copied but for its endpoints (which are not made to be copied).
 */
function withEndpoints(from: NetworkFields, fresh: boolean, list: readonly Entry[], slots: readonly number[]) {
  let model: NetworkFields & { endpointCount?: number };
  if (fresh) model = from;
  else {
    const { endpoints: _endpoints, endpointCount: _count, ...fields } = from as NetworkModel;
    model = fields;
  }
  model.endpointCount = list.length;
  endpointsOf.set(model as NetworkModel, { list, slots });
  return Object.defineProperty(model, 'endpoints', ENDPOINTS) as NetworkModel;
}

/** The lowest ID named `name` among records in order (by name, then ID): the first of that name. */
function lowestNamed(sorted: readonly Ranked<unknown>[], name: string): string | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareText(sorted[mid].model.name, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo].model.name === name ? sorted[lo].model.id : undefined;
}

const NO_SETTINGS: [string[], RawEndpointSettings[]] = [
  NOTHING as string[],
  NOTHING as unknown as RawEndpointSettings[],
];

/**
 * The networks a container's settings name, and their settings, in their order (a key whose value
 * is not an object is left out). Read once here: looking a key up again in an object the engine
 * made, one of thousands whose keys are all different, is slow.
 */
function networkSettings(settings: Record<string, unknown> | undefined): [string[], RawEndpointSettings[]] {
  if (!settings) return NO_SETTINGS;
  const keys = Object.keys(settings);
  const values = Object.values(settings) as RawEndpointSettings[];
  // Usually every key holds settings: the lists as they are, no second ones.
  if (values.every((v) => !!record(v))) return [keys, values];
  const held = values.map((v) => !!record(v));
  return [keys.filter((_, i) => held[i]), values.filter((_, i) => held[i])];
}

/** The other networks a container is on than this one; one shared empty list for most containers. */
function othersThan(names: readonly string[], key: string): string[] {
  if (names.length < 2) return NOTHING as string[];
  const out = new Array<string>(names.length - 1);
  let count = 0;
  for (const n of names) if (n !== key && count < out.length) out[count++] = n;
  out.length = count;
  return out;
}

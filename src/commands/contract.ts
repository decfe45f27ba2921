// The arguments object of every command, in one place: what keybindings, tasks, other extensions
// and the tests may pass. Field names follow the docker CLI's flags in camelCase; `engine` is an
// engine's name as the tree shows it (default: the first engine). Networks and containers are
// given by name, ID or unique ID prefix. An object that does not match is refused with a message
// before anything reaches an engine; destructive commands still confirm unless `confirm: false`.
import { CREATE_FIELDS } from '../model/createSpec';
import { ArgsOf, optional, required } from './args';
import { Commands } from './ids';
import type { Invocation } from './invocation';

const engine = optional('string');

/** Create Network takes every `docker network create` option (model/createSpec.ts). */
const createFields = Object.fromEntries(Object.entries(CREATE_FIELDS).map(([key, type]) => [key, optional(type)])) as {
  readonly [K in keyof typeof CREATE_FIELDS]: ReturnType<typeof optional<(typeof CREATE_FIELDS)[K]>>;
};

const connectFields = {
  network: optional('string'),
  container: optional('string'),
  ipv4: optional('string'),
  ipv6: optional('string'),
  aliases: optional('string[]'),
  linkLocalIps: optional('string[]'),
  driverOpts: optional('record'),
  gwPriority: optional('number'),
  engine,
} as const;

export const Contract = {
  [Commands.refresh]: { engine },
  [Commands.filter]: { text: required('string') },
  [Commands.clearFilter]: {},
  [Commands.inspectNetwork]: { network: required('string'), engine },
  /** The network's row, or with `container` the container's row under it. */
  [Commands.revealInTree]: { network: required('string'), container: optional('string'), engine },
  [Commands.showContainerNetworking]: { container: required('string'), engine },
  [Commands.showTopology]: { engine },
  /** Opens the topology with its address space section shown. */
  [Commands.showAddressSpace]: { engine },
  [Commands.createNetwork]: { ...createFields, name: required('string'), engine },
  /** `network` or `networks` (or both). */
  [Commands.removeNetwork]: {
    network: optional('string'),
    networks: optional('string[]'),
    disconnectAll: optional('boolean'),
    confirm: optional('boolean'),
    engine,
  },
  [Commands.pruneNetworks]: { confirm: optional('boolean'), engine },
  /**
   * With both `network` and `container`: connects without asking. With one of them (the panels'
   * Connect buttons): asks for the other, as from the tree. Connect to Network… is the same
   * command on a container row.
   */
  [Commands.connectContainer]: connectFields,
  [Commands.connectToNetwork]: connectFields,
  [Commands.disconnectContainer]: {
    network: required('string'),
    container: required('string'),
    force: optional('boolean'),
    confirm: optional('boolean'),
    engine,
  },
  [Commands.runContainer]: {
    network: required('string'),
    image: required('string'),
    name: optional('string'),
    command: optional('string[]'),
    engine,
  },
  [Commands.copyName]: { network: required('string'), engine },
  [Commands.copyId]: { network: required('string'), engine },
  [Commands.copyCreateCommand]: { network: required('string'), shell: optional('string'), engine },
  [Commands.copyComposeEntry]: { network: required('string'), external: optional('boolean'), engine },
  [Commands.copyIpAddress]: { network: required('string'), container: required('string'), engine },
  /**
   * Recreates the network with `changes` (EDIT_CHANGES: what it will have; left out: kept), every
   * container connected again with its addresses and aliases; `addressMap` gives containers (by
   * name or ID) another IPv4 address. Rolled back if any step after the removal fails.
   */
  /**
   * Recreates the network with `changes` (each left out keeps what it has; an empty gateway, IP
   * range or IPv6 subnet is the engine's choice). Without `changes`, the form opens on it.
   */
  [Commands.editNetwork]: {
    network: required('string'),
    changes: optional('object'),
    addressMap: optional('record'),
    confirm: optional('boolean'),
    engine,
  },
  /**
   * Declares the network in a Compose file (`file`: absolute, or relative to the workspace
   * folder; left out, the user picks one) and, with `container` or `service`, puts that service
   * on it. Returns `{ file, key, service? }`.
   */
  [Commands.insertIntoComposeFile]: {
    network: required('string'),
    container: optional('string'),
    service: optional('string'),
    file: optional('string'),
    engine,
  },
  /** A copy under `name`, on the next free subnet unless `changes` (as editNetwork's) say otherwise. Returns `{ id, name }`. */
  [Commands.duplicateNetwork]: {
    network: required('string'),
    name: optional('string'),
    changes: optional('object'),
    engine,
  },
  [Commands.trustHostKey]: { engine, fingerprint: optional('string'), confirm: optional('boolean') },
  /**
   * `target`: a container (name or ID), a DNS name, an IP address or `internet`; left out, the user
   * picks it (the container panel's button). `show: false` returns the checks without a panel.
   */
  [Commands.diagnoseConnectivity]: {
    source: required('string'),
    target: optional('string'),
    port: optional('number'),
    protocol: optional('string'),
    show: optional('boolean'),
    engine,
  },
  /** Which containers on the network reach which; `show: false` returns it without a panel. */
  [Commands.showReachability]: { network: required('string'), show: optional('boolean'), engine },
  [Commands.showNames]: { container: required('string'), show: optional('boolean'), engine },
  [Commands.showPorts]: { container: required('string'), show: optional('boolean'), engine },
  [Commands.deleteSelection]: {},
  [Commands.showLog]: {},
  [Commands.openSettings]: {},
} as const;

export type ContractedCommand = keyof typeof Contract;

/** How the command `C` was invoked, with its arguments typed by its contract. */
export type Call<C extends ContractedCommand> = Invocation<ArgsOf<(typeof Contract)[C]>>;

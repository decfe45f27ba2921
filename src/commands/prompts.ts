// What several commands ask the user the same way: which engine, which network, which containers;
// progress that can be cancelled; a modal confirmation; a short report; a free subnet offered.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import * as notify from '../dialogs/notify';
import { pickMany, pickOne } from '../dialogs/pick';
import type { CreateNetworkBody } from '../engine/client';
import { suggestIpv6Subnet } from '../model/cidr';
import { needsIpv6Subnet } from '../model/createSpec';
import { ContainerModel, EndpointModel, NetworkModel } from '../model/snapshot';
import { checkSubnet, UsedSubnet } from '../model/validate';
import { EngineState, NetworkStore } from '../store';
import { ArgumentError } from './args';
import { loadedEngine } from './targets';

/** Thrown when the user dismisses a prompt: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export function orCancel<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

/** The engine to act on: the only one, or the one the user picks. */
export async function pickEngine(store: NetworkStore, title: string): Promise<EngineState> {
  const engines = store.engines;
  if (engines.length <= 1) return loadedEngine(store);
  const picked = orCancel(
    await pickOne(
      engines.map((e) => ({ label: e.name, description: e.endpoint.host, detail: e.error?.message })),
      { title, placeHolder: l10n.t('Choose an engine') },
    ),
  );
  return loadedEngine(store, picked.label);
}

export function networkItem(n: NetworkModel): vscode.QuickPickItem & { network: NetworkModel } {
  const subnet = n.ipam.configs.find((c) => c.subnet)?.subnet;
  return {
    label: n.name,
    description: [n.driver, n.scope, subnet].filter(Boolean).join(' · '),
    detail: n.id.slice(0, 12),
    network: n,
  };
}

export async function pickNetwork(
  engine: EngineState,
  title: string,
  filter: (n: NetworkModel) => boolean = () => true,
): Promise<NetworkModel> {
  const networks = (engine.snapshot?.networks ?? []).filter(filter);
  if (!networks.length) throw new ArgumentError(l10n.t('There is no network on {0} to choose.', engine.name));
  const picked = orCancel(
    await pickOne(networks.map(networkItem), {
      title,
      placeHolder: l10n.t('Choose a network'),
      matchOnDescription: true,
      matchOnDetail: true,
    }),
  );
  return picked.network;
}

/** A container as a picker shows it: the model's, or a network's endpoint of it. */
export type ContainerChoice = Pick<ContainerModel, 'id' | 'name' | 'state' | 'image'>;

/** Every container of the engine, those on no network too, by name. */
export function allContainers(engine: EngineState): ContainerModel[] {
  return engine.snapshot?.containers ?? [];
}

export async function pickContainers<T extends ContainerChoice>(
  choices: readonly T[],
  title: string,
  many: boolean,
): Promise<T[]> {
  if (!choices.length) throw new ArgumentError(l10n.t('There is no container to choose.'));
  const items = choices.map((c) => ({
    label: c.name,
    description: [c.state, c.image].join(' · '),
    detail: c.id.slice(0, 12),
    choice: c,
  }));
  if (many) {
    const picked = orCancel(
      await pickMany(items, { title, placeHolder: l10n.t('Choose containers'), matchOnDescription: true }),
    );
    if (!picked.length) throw new Cancelled();
    return picked.map((p) => p.choice);
  }
  return [
    orCancel(await pickOne(items, { title, placeHolder: l10n.t('Choose a container'), matchOnDescription: true }))
      .choice,
  ];
}

export function endpointChoice(e: EndpointModel): ContainerChoice {
  return { id: e.containerId, name: e.containerName, state: e.state, image: e.image };
}

/** Runs `work` under a cancellable progress notification; cancelling aborts the engine request. */
export function withProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    notify.progress(title, (report, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal, report).finally(() => sub.dispose());
    }),
  );
}

/** A modal confirmation; resolves to the chosen action's title, or undefined when dismissed. */
export async function confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
  return notify.modal(message, detail, ...actions);
}

/** A short, non-blocking report of what was done. */
export function report(message: string): void {
  void notify.info(message);
}

/**
 * A refusal (the engine's, or one foreseen) with a free subnet to use and a choice of another;
 * resolves to the subnet, or undefined.
 */
export async function offerSubnet(
  level: 'error' | 'warning',
  message: string,
  free: string | undefined,
  ask: { choose: string; title: string; check: (value: string) => string | undefined },
): Promise<string | undefined> {
  const useFree = free ? l10n.t('Use {0}', free) : undefined;
  const choice = await notify[level](message, ...(useFree ? [useFree] : []), ask.choose);
  if (choice === useFree) return free;
  if (choice !== ask.choose) return undefined;
  return orCancel(await vscode.window.showInputBox({ title: ask.title, value: free, validateInput: ask.check }));
}

/**
 * An IPv6 subnet for the network `name` on an engine with no IPv6 pool: a free unique local /64
 * (its global ID random, RFC 4193) offered, or one typed, checked against `used`.
 */
export function offerIpv6Subnet(
  level: 'error' | 'warning',
  message: string,
  name: string,
  used: readonly UsedSubnet[],
): Promise<string | undefined> {
  const free = suggestIpv6Subnet(
    used.map((u) => u.subnet.text),
    (size) => randomBytes(size),
  );
  return offerSubnet(level, message, free, {
    choose: l10n.t('Choose an IPv6 Subnet…'),
    title: l10n.t('IPv6 subnet for {0}', name),
    check: (v) => checkSubnet(v, 6, used),
  });
}

/**
 * The body `build` makes of `args`, checked. IPv6 with no IPv6 subnet, on an engine with no IPv6
 * pool, is refused by the engine (for Edit Network only after every container was disconnected and
 * the network removed), or, for an overlay network, made but joined by no container. So it is
 * found here, before the engine is asked anything: with `ask`, a subnet is offered; without, it
 * is refused. Resolves to the arguments (with the subnet) and their body, or undefined when the
 * offer is dismissed.
 */
export async function withIpv6Subnet<T extends { ipv6Subnet?: string }>(
  engine: EngineState,
  name: string,
  build: (args: T) => { ok: true; body: CreateNetworkBody } | { ok: false; errors: string[] },
  args: T,
  used: readonly UsedSubnet[],
  ask: boolean,
): Promise<{ args: T; body: CreateNetworkBody } | undefined> {
  const built = build(args);
  if (!built.ok) throw new ArgumentError(built.errors.join(' '));
  if (!needsIpv6Subnet(built.body, engine.version)) return { args, body: built.body };
  const why = l10n.t(
    '{0} has no IPv6 pool (Docker before 27, its daemon given none): {1} needs an IPv6 subnet of its own to have IPv6.',
    engine.name,
    name,
  );
  if (!ask) throw new ArgumentError(l10n.t('{0} Give one (ipv6Subnet); nothing was done.', why));
  const ipv6Subnet = await offerIpv6Subnet('warning', l10n.t('{0} Nothing has been done yet.', why), name, used);
  return ipv6Subnet === undefined
    ? undefined
    : withIpv6Subnet(engine, name, build, { ...args, ipv6Subnet }, used, false);
}

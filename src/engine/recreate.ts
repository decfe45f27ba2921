// Recreating a network that has containers, which the engine cannot change in place: disconnect
// every container (running or only configured), remove the network, create it with the new
// settings under the same name, and connect each container again with what it had (static
// addresses where they still fit, aliases, link-local addresses, driver options). If any step
// fails, everything done is undone: the old network is created again and every container is
// connected as it was. Cancellable until the removal. No `vscode`.
import { CreateNetworkBody, EngineClient } from './client';
import { RawNetwork } from './types';
import { bodyOf, CarriedOver, carryOver, Membership, membershipOf } from '../model/recreate';

export type RecreateStep = 'disconnect' | 'remove' | 'create' | 'connect';

export interface Reconnected {
  container: string;
  name: string;
  ipv4?: string;
  ipv6?: string;
  /** Static addresses moved into the new subnet (the same host part): [old, new]. */
  moved: [string, string][];
  /** Static addresses that did not fit the new network: the container got a dynamic one. */
  dropped: string[];
}

export interface RecreateResult {
  id: string;
  reconnected: Reconnected[];
  rolledBack: boolean;
  /** What failed (then rolled back), and what failed in the rollback, if anything did. */
  failure?: { step: RecreateStep; container?: string; error: unknown; rollbackErrors: unknown[] };
}

export interface RecreateOptions {
  signal?: AbortSignal;
  /** Each step as it starts, for a progress notification. */
  progress?: (step: RecreateStep, container?: string) => void;
}

/** How each container on the network is configured on it (by their own inspects). */
export async function memberships(
  client: EngineClient,
  network: RawNetwork,
  containers: readonly string[],
  signal?: AbortSignal,
): Promise<Membership[]> {
  const found = await Promise.all(
    containers.map(async (id) => membershipOf(await client.inspectContainer(id, { signal }), network.Name)),
  );
  return found.filter((m): m is Membership => !!m);
}

/** The network as it is now and its members, then the new body: recreates it (see the file's comment). */
export async function recreateNetwork(
  client: EngineClient,
  network: RawNetwork,
  members: readonly Membership[],
  body: CreateNetworkBody,
  options: RecreateOptions = {},
): Promise<RecreateResult> {
  const { signal, progress } = options;
  const old = bodyOf(network);
  const disconnected: Membership[] = [];
  /** The old network's ID: a new one once the rollback has had to create it again. */
  let oldId = network.Id;
  /** Puts back what was: the old network (if it is gone) and every container as it was on it. */
  const rollBack = async (
    networkGone: boolean,
    created?: { id: string; connected: Membership[] },
  ): Promise<unknown[]> => {
    const errors: unknown[] = [];
    const attempt = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        errors.push(e);
      }
    };
    if (created) {
      for (const m of created.connected) await attempt(() => client.disconnect(created.id, m.container, true));
      await attempt(() => client.removeNetwork(created.id));
    }
    if (networkGone)
      await attempt(async () => {
        oldId = (await client.createNetwork(old)).id;
      });
    for (const m of disconnected) await attempt(() => client.connect(oldId, m.container, m.endpoint));
    return errors;
  };
  const failed = (
    step: RecreateStep,
    error: unknown,
    rollbackErrors: unknown[],
    container?: string,
  ): RecreateResult => ({
    id: oldId,
    reconnected: [],
    rolledBack: true,
    failure: { step, ...(container ? { container } : {}), error, rollbackErrors },
  });

  // 1. Disconnect every container (cancellable; undone if anything fails).
  for (const m of members) {
    try {
      signal?.throwIfAborted();
      progress?.('disconnect', m.name);
      await client.disconnect(network.Id, m.container, false);
      disconnected.push(m);
    } catch (e) {
      const rollbackErrors = await rollBack(false);
      if (signal?.aborted && !rollbackErrors.length) throw e;
      return failed('disconnect', e, rollbackErrors, m.name);
    }
  }
  // 2. Remove it: from here on nothing is cancelled, and a failure is rolled back.
  try {
    signal?.throwIfAborted();
    progress?.('remove');
    await client.removeNetwork(network.Id);
  } catch (e) {
    const rollbackErrors = await rollBack(false);
    if (signal?.aborted && !rollbackErrors.length) throw e;
    return failed('remove', e, rollbackErrors);
  }
  // 3. Create it with the new settings.
  let id: string;
  try {
    progress?.('create');
    id = (await client.createNetwork(body)).id;
  } catch (e) {
    return failed('create', e, await rollBack(true));
  }
  // 4. Connect each container again.
  const reconnected: Reconnected[] = [];
  const connected: Membership[] = [];
  for (const m of members) {
    const carried = carryOver(m.endpoint, old, body, m.newIpv4);
    try {
      progress?.('connect', m.name);
      await client.connect(id, m.container, carried.endpoint);
      connected.push(m);
      reconnected.push(summary(m, carried));
    } catch (e) {
      return failed('connect', e, await rollBack(true, { id, connected }), m.name);
    }
  }
  return { id, reconnected, rolledBack: false };
}

function summary(m: Membership, carried: CarriedOver): Reconnected {
  return {
    container: m.container,
    name: m.name,
    ...(carried.endpoint.ipv4 ? { ipv4: carried.endpoint.ipv4 } : {}),
    ...(carried.endpoint.ipv6 ? { ipv6: carried.endpoint.ipv6 } : {}),
    moved: carried.moved,
    dropped: carried.dropped,
  };
}

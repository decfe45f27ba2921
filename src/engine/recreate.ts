// Recreating a network that has containers, which the engine cannot change in place: disconnect
// every container (running or only configured), remove the network, create it with the new
// settings under the same name, and connect each container again with what it had (static
// addresses where they still fit, aliases, link-local addresses, driver options). If any step
// fails, everything done is undone: the old network is created again and every container is
// connected as it was. Cancellable until the removal. No `vscode`.
import { CreateNetworkBody, EngineClient } from './client';
import { EngineError, isEngineError, toEngineError } from './errors';
import { l10n } from '../util/text';
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

/** A step of the rollback that failed: what it was to put back, and why it could not. */
export interface RollbackError {
  /** `create`: the old network made again; `connect`: a container put back on it; `undo`: the new network taken down. */
  step: 'undo' | 'create' | 'connect';
  /** The container's name, for `connect` (and `undo` of its connect to the new network). */
  container?: string;
  error: unknown;
}

export interface RecreateResult {
  id: string;
  reconnected: Reconnected[];
  /** True only when everything was put back as it was (a failure whose rollback failed too is not). */
  rolledBack: boolean;
  /** What failed (then rolled back), and what failed in the rollback, if anything did. */
  failure?: { step: RecreateStep; container?: string; error: unknown; rollbackErrors: RollbackError[] };
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
  ): Promise<RollbackError[]> => {
    const errors: RollbackError[] = [];
    const attempt = async (step: RollbackError['step'], container: string | undefined, f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        errors.push({ step, ...(container ? { container } : {}), error: e });
      }
    };
    // A call whose answer was lost may have been done or not (or be under way): each step here
    // that fails is checked against the container's record, and what is already so is no failure.
    if (created) {
      for (const m of created.connected)
        await attempt('undo', m.name, async () => {
          try {
            await client.disconnect(created.id, m.container, true);
          } catch (e) {
            if ((await isOn(client, m.container, body.Name)) !== false) throw e;
          }
        });
      await attempt('undo', undefined, () => client.removeNetwork(created.id));
    }
    if (networkGone)
      await attempt('create', undefined, async () => {
        oldId = (await client.createNetwork(old)).id;
      });
    // Not onto a network that could not be made again: the engine takes a stopped container's
    // connect to the ID of a network that is gone, and the container would not start.
    const noNetwork = errors.some((e) => e.step === 'create');
    for (const m of disconnected)
      await attempt('connect', m.name, async () => {
        if (noNetwork)
          throw new EngineError('notFound', l10n.t('{0} was not made again: nothing to connect it to.', network.Name));
        try {
          await client.connect(oldId, m.container, m.endpoint);
        } catch (e) {
          if ((await isOn(client, m.container, network.Name)) !== true) throw e;
        }
      });
    return errors;
  };
  /** A cancel put back in full: a `cancelled` EngineError, which commands do not report as a failure. */
  const cancelled = (e: unknown) => toEngineError(e, { endpoint: client.endpoint.host });
  const failed = (
    step: RecreateStep,
    error: unknown,
    rollbackErrors: RollbackError[],
    container?: string,
  ): RecreateResult => ({
    id: oldId,
    reconnected: [],
    rolledBack: rollbackErrors.length === 0,
    failure: { step, ...(container ? { container } : {}), error, rollbackErrors },
  });

  // 1. Disconnect every container (cancellable; undone if anything fails).
  for (const m of members) {
    let sent = false;
    try {
      signal?.throwIfAborted();
      progress?.('disconnect', m.name);
      sent = true;
      await client.disconnect(network.Id, m.container, false);
      disconnected.push(m);
    } catch (e) {
      // Sent, and no answer came (a timeout, a cut connection): the engine may have done it, or
      // may still be doing it. Put back all the same (a container still on it stays as it is).
      if (sent && !answered(e)) disconnected.push(m);
      const rollbackErrors = await rollBack(false);
      if (signal?.aborted && !rollbackErrors.length) throw cancelled(e);
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
    if (signal?.aborted && !rollbackErrors.length) throw cancelled(e);
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
      // No answer: perhaps connected all the same. Taken off the new network before it is
      // removed (a container not on it stays as it is).
      if (!answered(e)) connected.push(m);
      return failed('connect', e, await rollBack(true, { id, connected }), m.name);
    }
  }
  return { id, reconnected, rolledBack: false };
}

/** The engine answered the call (refused it): it says what it did, which was nothing. */
const answered = (e: unknown) => isEngineError(e) && e.statusCode !== undefined;

/**
 * Whether the container's own record has it on the network of this name, read after a step of the
 * rollback failed; undefined when it cannot be read. A running container is on it with an
 * endpoint; a stopped one's record keeps its networks, with none. By the network's name, not its
 * ID: the new network has the old one's name.
 */
async function isOn(client: EngineClient, container: string, name: string): Promise<boolean | undefined> {
  try {
    const record = await client.inspectContainer(container);
    const settings = record.NetworkSettings?.Networks?.[name];
    return record.State?.Running ? !!settings?.EndpointID : !!settings;
  } catch {
    return undefined;
  }
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

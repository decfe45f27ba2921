// Disconnect All and Remove: the containers running on a network are disconnected, then the network
// is removed; if anything fails on the way (the removal refused, a cancel), each container already
// disconnected is connected again as it was (addresses, aliases, driver options, read from its
// own inspect first), so nothing is lost but what the user asked for. No `vscode`.
import { EngineClient } from './client';
import { memberships } from './recreate';
import { Membership } from '../model/recreate';

export interface RemoveFailure {
  /** Why the removal did not happen. */
  error: unknown;
  /** Containers connected again as they were, by name. */
  putBack: string[];
  /** Containers that could not be connected again, by name, each with why. */
  notPutBack: { name: string; error: unknown }[];
}

/**
 * Removes the network after disconnecting `containers` (IDs) from it; undefined when it is gone,
 * or what failed and what was put back.
 */
export async function removeWithContainers(
  client: EngineClient,
  networkId: string,
  containers: readonly string[],
  signal?: AbortSignal,
): Promise<RemoveFailure | undefined> {
  let members: Membership[];
  try {
    members = await memberships(client, await client.inspectNetwork(networkId, { signal }), containers, signal);
  } catch (error) {
    return { error, putBack: [], notPutBack: [] };
  }
  const disconnected: Membership[] = [];
  try {
    for (const m of members) {
      await client.disconnect(networkId, m.container, true, { signal });
      disconnected.push(m);
    }
    await client.removeNetwork(networkId, { signal });
    return undefined;
  } catch (error) {
    // Put back without the signal: a cancel is what stopped the removal, not the putting back.
    const failure: RemoveFailure = { error, putBack: [], notPutBack: [] };
    for (const m of disconnected) {
      try {
        await client.connect(networkId, m.container, m.endpoint);
        failure.putBack.push(m.name);
      } catch (e) {
        failure.notPutBack.push({ name: m.name, error: e });
      }
    }
    return failure;
  }
}

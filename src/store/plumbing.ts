// A network's plumbing for the views: the model's endpoints, their processes' IDs from the
// containers' inspects, and the host's interfaces (engine/plumbing). Plain Node.
import { EngineClient } from '../engine/client';
import { LinkReader, PlumbingResult, readPlumbing } from '../engine/plumbing';
import { EndpointModel, NetworkModel } from '../model/snapshot';

/** A container has a network namespace of its own while it runs (or is paused). */
export const hasNamespace = (e: EndpointModel) => e.state === 'running' || e.state === 'paused';

/** The process IDs of the running containers among `ids` (0 or absent for the others). */
export async function readPids(client: EngineClient, ids: readonly string[]): Promise<Map<string, number>> {
  const pids = new Map<string, number>();
  await Promise.all(
    ids.map(async (id) => {
      const pid = (await client.inspectContainer(id).catch(() => undefined))?.State?.Pid;
      if (pid) pids.set(id, pid);
    }),
  );
  return pids;
}

/**
 * What `network` is made of in this host, for the endpoints given (all of the network's by
 * default). Pass one reader to several calls to read each namespace once.
 */
export function networkPlumbing(
  client: EngineClient,
  network: NetworkModel,
  pids: ReadonlyMap<string, number>,
  endpoints: readonly EndpointModel[] = network.endpoints,
  reader: LinkReader = new LinkReader(),
): Promise<PlumbingResult> {
  return readPlumbing(
    {
      host: client.endpoint.host,
      network: { id: network.id, name: network.name, driver: network.driver, options: network.options },
      endpoints: endpoints.map((e) => ({
        containerId: e.containerId,
        ...(e.mac ? { mac: e.mac } : {}),
        ...(pids.has(e.containerId) ? { pid: pids.get(e.containerId) } : {}),
        running: hasNamespace(e),
        shared: !!e.sharedFrom,
      })),
    },
    reader,
  );
}

// Finding the engine and the network a command is about, from a name or ID as the CLI accepts them.
import { ContainerModel, NetworkModel } from '../model/snapshot';
import { EngineState, NetworkStore } from '../store';
import { l10n } from '../util/text';
import { ArgumentError } from './args';

/** The engine by name, or the first (default) one; loads its snapshot if it has none yet. */
export async function loadedEngine(store: NetworkStore, name?: string): Promise<EngineState> {
  const engine = name === undefined ? store.engines[0] : store.engine(name);
  if (!engine) {
    throw new ArgumentError(
      l10n.t(
        'There is no engine named "{0}". Engines: {1}.',
        String(name),
        store.engines.map((e) => e.name).join(', '),
      ),
    );
  }
  if (!engine.snapshot) await store.refresh(engine.name);
  const current = store.engine(engine.name)!;
  if (current.error) throw current.error;
  return current;
}

/**
 * Finds a network like the CLI does; when the snapshot does not have it yet (made a moment ago, its
 * event still on the way), reads the engine once more before giving up.
 */
export async function resolveNetwork(
  store: NetworkStore,
  engine: EngineState,
  ref: string,
): Promise<{ engine: EngineState; network: NetworkModel }> {
  try {
    return { engine, network: findNetwork(engine, ref) };
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    await store.refresh(engine.name);
    const fresh = await loadedEngine(store, engine.name);
    return { engine: fresh, network: findNetwork(fresh, ref) };
  }
}

/**
 * For `docker run --network` and `docker network connect` on a swarm node: an attachable swarm
 * network that this node does not list yet (a worker sees one only once something on it uses it)
 * is found through another engine of the same swarm; the node attaches to it when asked to.
 */
export async function resolveAttachableNetwork(
  store: NetworkStore,
  engine: EngineState,
  ref: string,
): Promise<{ engine: EngineState; network: NetworkModel }> {
  try {
    return await resolveNetwork(store, engine, ref);
  } catch (e) {
    if (!(e instanceof ArgumentError) || !engine.version?.swarm.active) throw e;
    const group = store.swarms().find((g) => g.engines.some((m) => m.engine === engine.name));
    for (const member of group?.engines ?? []) {
      const other = store.engine(member.engine);
      if (!other || other.name === engine.name) continue;
      let found: NetworkModel | undefined;
      try {
        found = findNetwork(other, ref);
      } catch {
        continue;
      }
      if (found.scope === 'swarm' && found.attachable) return { engine, network: found };
    }
    throw e;
  }
}

/** Finds a network like the CLI does: full ID, exact name, then a unique ID prefix. */
export function findNetwork(engine: EngineState, ref: string): NetworkModel {
  const networks = engine.snapshot?.networks ?? [];
  const exact = networks.find((n) => n.id === ref) ?? networks.find((n) => n.name === ref);
  if (exact) return exact;
  const prefixed = /^[0-9a-f]+$/i.test(ref) ? networks.filter((n) => n.id.startsWith(ref.toLowerCase())) : [];
  if (prefixed.length === 1) return prefixed[0];
  if (prefixed.length > 1) throw new ArgumentError(l10n.t('"{0}" matches several networks; give more of the ID.', ref));
  throw new ArgumentError(l10n.t('There is no network "{0}" on the engine {1}.', ref, engine.name));
}

/**
 * Finds a container like the CLI does (full ID, exact name, then a unique ID prefix); when the
 * snapshot does not have it yet (its event still on the way), reads the engine once more.
 */
export async function findContainer(store: NetworkStore, engine: EngineState, ref: string): Promise<ContainerModel> {
  const found = lookUpContainer(engine, ref);
  if (found) return found;
  await store.refresh(engine.name);
  const fresh = lookUpContainer(await loadedEngine(store, engine.name), ref);
  if (fresh) return fresh;
  throw new ArgumentError(l10n.t('There is no container "{0}" on the engine {1}.', ref, engine.name));
}

function lookUpContainer(engine: EngineState, ref: string): ContainerModel | undefined {
  const containers = engine.snapshot?.containers ?? [];
  const exact = containers.find((c) => c.id === ref) ?? containers.find((c) => c.name === ref);
  if (exact) return exact;
  const prefixed = /^[0-9a-f]+$/i.test(ref) ? containers.filter((c) => c.id.startsWith(ref.toLowerCase())) : [];
  if (prefixed.length > 1)
    throw new ArgumentError(l10n.t('"{0}" matches several containers; give more of the ID.', ref));
  return prefixed[0];
}

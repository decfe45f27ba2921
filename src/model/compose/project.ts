// Which files are Compose files, which of them make one project, and what the engine has of each
// network a file declares: the facts the editor shows beside a file. Pure.
import { EngineSnapshot, NetworkModel } from '../snapshot';
import { Environment } from './interpolate';
import { ComposeFile, ComposeNetwork } from './file';
import { engineNetwork, madeBy } from './rules';

/** The names Compose looks for, its override files, and `*.compose.yaml`. */
const COMPOSE_NAME = /^(?:(?:docker-)?compose(?:\.override)?|.+\.compose)\.ya?ml$/i;

export function isComposeFileName(baseName: string): boolean {
  return COMPOSE_NAME.test(baseName);
}

/** The glob a file watcher or a workspace search uses for them (COMPOSE_FILE's others come from `.env`). */
export const COMPOSE_GLOB = '**/{compose,docker-compose,compose.override,docker-compose.override,*.compose}.{yaml,yml}';

/**
 * The files COMPOSE_FILE names, as written (relative to the project folder): separated by
 * COMPOSE_PATH_SEPARATOR, else `:` (`;` on Windows).
 */
export function composeFileList(env: Environment, windows = false): string[] {
  const list = env.COMPOSE_FILE;
  if (!list) return [];
  const separator = env.COMPOSE_PATH_SEPARATOR || (windows ? ';' : ':');
  return list
    .split(separator)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** What the editor shows of one network of a file. */
export interface NetworkStatus {
  network: ComposeNetwork;
  /** The engine's network of that name; undefined when it has none (or the engine is not read). */
  onEngine?: NetworkModel;
  /** Whether this project made the engine's network (Compose's labels). */
  ours: boolean;
  /** The file's services on it. */
  services: string[];
}

/** The status of the network `key` as `file` uses it; `networks` adds those its other files declare. */
export function networkStatus(
  file: ComposeFile,
  key: string,
  snapshot: EngineSnapshot | undefined,
  networks: readonly ComposeNetwork[] = file.networks,
): NetworkStatus | undefined {
  const network = file.networks.find((n) => n.key === key) ?? networks.find((n) => n.key === key);
  if (!network) return undefined;
  const onEngine = snapshot ? engineNetwork(snapshot, network) : undefined;
  return {
    network,
    ...(onEngine ? { onEngine } : {}),
    ours: !!onEngine && madeBy(onEngine, file.project, network.key),
    services: file.services.filter((s) => s.networks.some((n) => n.key === key)).map((s) => s.name),
  };
}

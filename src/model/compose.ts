// Which Compose project or swarm stack made a network, from the labels those tools set.
import { NetworkModel } from './snapshot';

export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_NETWORK = 'com.docker.compose.network';
export const STACK_NAMESPACE = 'com.docker.stack.namespace';

export interface ComposeOrigin {
  kind: 'compose' | 'stack';
  project: string;
  /** The network's name in the project's file (`backend` for `shop_backend`), when known. */
  network?: string;
}

export function composeOrigin(n: Pick<NetworkModel, 'name' | 'labels'>): ComposeOrigin | undefined {
  const project = n.labels[COMPOSE_PROJECT];
  if (project) return { kind: 'compose', project, network: n.labels[COMPOSE_NETWORK] || undefined };
  const stack = n.labels[STACK_NAMESPACE];
  if (stack)
    return {
      kind: 'stack',
      project: stack,
      network: n.name.startsWith(`${stack}_`) ? n.name.slice(stack.length + 1) : undefined,
    };
  return undefined;
}

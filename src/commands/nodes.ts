// What a command was invoked on in the tree: the engine a node belongs to, and the networks or
// containers of a (multi-)selection.
import { ContainerNode } from '../tree/containerNode';
import { EngineNode } from '../tree/engineNode';
import { GroupNode, NetworkNode } from '../tree/networkNode';

export function engineOfNode(node: unknown): string | undefined {
  if (node instanceof EngineNode) return node.engine.name;
  if (node instanceof NetworkNode || node instanceof GroupNode || node instanceof ContainerNode) return node.engine;
  return undefined;
}

/** The nodes of a selection of the given kind: all selected when the clicked one is among them. */
export function selected<T>(node: unknown, nodes: unknown, kind: abstract new (...args: never[]) => T): T[] {
  const list = Array.isArray(nodes) ? nodes.filter((n): n is T => n instanceof kind) : [];
  if (node instanceof kind) return list.length && list.includes(node) ? list : [node];
  return list;
}

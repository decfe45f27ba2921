import { l10n } from '../../util/text';
import { ContainerNode } from '../../tree/containerNode';
import { checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { Commands } from '../ids';
import { engineOfNode } from '../nodes';
import { findContainer, loadedEngine } from '../targets';
import { allContainers, pickContainers, pickEngine } from '../ui';

/** A container's networking (every network with its addresses, ports, DNS) in a panel. */
export async function showContainerNetworking(ctx: CommandContext, target?: unknown): Promise<void> {
  if (target instanceof ContainerNode) {
    ctx.panels.showContainer(target.engine, target.endpoint.containerId, target.endpoint.containerName);
    return;
  }
  if (isArgumentsObject(target)) {
    checkArguments(Commands.showContainerNetworking, target, { container: { type: 'string', required: true }, engine: { type: 'string' } });
    const engine = await loadedEngine(ctx.store, target.engine as string | undefined);
    const container = await findContainer(ctx.store, engine, target.container as string);
    ctx.panels.showContainer(engine.name, container.id, container.name);
    return;
  }
  const engine = await pickEngine(ctx.store, l10n.t('Container Networking'));
  const [container] = await pickContainers(allContainers(engine), l10n.t('Container Networking'), false);
  ctx.panels.showContainer(engine.name, container.id, container.name);
}

/** The engine's networks and containers as a graph. */
export async function showTopology(ctx: CommandContext, target?: unknown): Promise<void> {
  let engineName = engineOfNode(target);
  if (isArgumentsObject(target)) {
    checkArguments(Commands.showTopology, target, { engine: { type: 'string' } });
    engineName = (await loadedEngine(ctx.store, target.engine as string | undefined)).name;
  }
  const engine = engineName ? await loadedEngine(ctx.store, engineName) : await pickEngine(ctx.store, l10n.t('Show Topology'));
  ctx.panels.showTopology(engine.name);
}

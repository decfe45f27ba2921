import { l10n } from '../../util/text';
import { pickOne } from '../../ui/pick';
import { NetworkNode } from '../../tree/networkNode';
import { checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { Commands } from '../ids';
import { resolveNetwork, loadedEngine } from '../targets';

/**
 * Opens a network's inspect panel. Takes a network node, `{ network, engine? }`, or nothing (then
 * asks with a QuickPick).
 */
export async function inspectNetwork(ctx: CommandContext, target?: unknown): Promise<void> {
  if (target instanceof NetworkNode) {
    ctx.panels.showNetwork(target.engine, target.network.id, target.network.name);
    return;
  }
  if (isArgumentsObject(target)) {
    checkArguments(Commands.inspectNetwork, target, { network: { type: 'string', required: true }, engine: { type: 'string' } });
    const { engine, network } = await resolveNetwork(ctx.store, await loadedEngine(ctx.store, target.engine as string | undefined), target.network as string);
    ctx.panels.showNetwork(engine.name, network.id, network.name);
    return;
  }
  const engine = await loadedEngine(ctx.store);
  const picked = await pickOne(
    (engine.snapshot?.networks ?? []).map((n) => ({
      label: n.name,
      description: [n.driver, n.scope].join(' · '),
      detail: n.id.slice(0, 12),
      id: n.id,
    })),
    { title: l10n.t('Inspect Network'), placeHolder: l10n.t('Choose a network'), matchOnDescription: true, matchOnDetail: true },
  );
  if (picked) ctx.panels.showNetwork(engine.name, picked.id, picked.label);
}

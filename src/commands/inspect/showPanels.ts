import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { ArgumentError } from '../args';
import { Call } from '../contract';
import { Commands, Views } from '../ids';

/** A container's networking (every network with its addresses, ports, DNS) in a panel. */
export async function showContainerNetworking(call: Call<typeof Commands.showContainerNetworking>): Promise<void> {
  const { engine, container } = await call.container(l10n.t('Container Networking'));
  call.ctx.panels.showContainer(engine.name, container.id, container.name);
}

/** The engine's networks and containers as a graph. */
export async function showTopology(call: Call<typeof Commands.showTopology>): Promise<void> {
  const engine = await call.engine(l10n.t('Show Topology'));
  call.ctx.panels.showTopology(engine.name);
}

/** The engine's default address pools and how they are used: a section of its topology panel. */
export async function showAddressSpace(call: Call<typeof Commands.showAddressSpace>): Promise<void> {
  const engine = await call.engine(l10n.t('Show Address Space'));
  call.ctx.panels.showTopology(engine.name).showAddressSpace();
}

/** Shows the view and selects a network's row, or a container's under it (the panels' links). */
export async function revealInTree(call: Call<typeof Commands.revealInTree>): Promise<void> {
  if (!call.args) throw new ArgumentError(l10n.t('{0} needs { network, container?, engine? }.', Commands.revealInTree));
  const { engine, network } = await call.network({ title: l10n.t('Reveal in Docker Networks View') });
  const container =
    call.args.container === undefined ? undefined : await call.findContainer(engine, call.args.container);
  await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
  await call.ctx.view.reveal(engine.name, network.id, container?.id);
}

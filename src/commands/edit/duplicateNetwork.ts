// Duplicate Network…: a new network with another network's settings under a new name, on the next
// free subnet of the same size (a Compose project's or stack's labels are not copied: the copy is
// neither's). From the network menu (asks for the name, then the network form filled with the
// copy's settings), or with `{ network, name, changes? }`.
import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { duplicateBody, NetworkChanges } from '../../model/recreate';
import { checkNetworkName, usedSubnets } from '../../model/validate';
import { ArgumentError, parseArguments } from '../args';
import { Call } from '../contract';
import { Commands } from '../ids';
import { orCancel, report, withIpv6Subnet, withProgress } from '../prompts';
import { CHANGE_FIELDS } from './editNetwork';
import { askCopyChanges } from './editForm';

export async function duplicateNetwork(
  call: Call<typeof Commands.duplicateNetwork>,
): Promise<{ id: string; name: string } | undefined> {
  const { engine, network } = await call.network({ title: l10n.t('Duplicate Network') });
  if (network.builtIn || network.ingress)
    throw new ArgumentError(
      l10n.t('{0} is a built-in network: the engine made it and needs it as it is.', network.name),
    );
  const names = (engine.snapshot?.networks ?? []).map((n) => n.name);
  const given: NetworkChanges | undefined = call.args?.changes
    ? parseArguments(`${Commands.duplicateNetwork} changes`, call.args.changes, CHANGE_FIELDS)
    : undefined;
  if (given?.dnsServers !== undefined)
    throw new ArgumentError(l10n.t('dnsServers changes an existing Podman network in place; a copy cannot take it.'));
  const name =
    call.args?.name ??
    orCancel(
      await vscode.window.showInputBox({
        title: l10n.t('Duplicate {0}', network.name),
        prompt: l10n.t('Name of the new network'),
        value: `${network.name}-copy`,
        validateInput: (v) => checkNetworkName(v, names),
      }),
    );
  const problem = checkNetworkName(name, names);
  if (problem) throw new ArgumentError(problem);
  const client = call.ctx.store.client(engine.name)!;
  const raw = await client.inspectNetwork(network.id);
  const used = usedSubnets(engine.snapshot?.networks ?? [], network.scope === 'swarm');
  // Asked (the menu, the palette): the form, filled with what the copy will have.
  const changes = given ?? (call.args ? {} : await askCopyChanges(engine, network, raw, name, used));
  const built = await withIpv6Subnet(engine, name, (c) => duplicateBody(raw, name, c, used), changes, used, !call.args);
  if (!built) return undefined;
  const body = built.body;
  const created = await withProgress(l10n.t('Creating network {0}…', name), (signal) =>
    client.createNetwork(body, { signal }),
  );
  await call.ctx.store.refresh(engine.name);
  const subnet = body.IPAM?.Config?.[0]?.Subnet;
  report(
    subnet
      ? l10n.t('Created network {0} as a copy of {1}, on {2}.', name, network.name, subnet)
      : l10n.t('Created network {0} as a copy of {1}.', name, network.name),
  );
  return { id: created.id, name };
}

// Copy actions: a network's or container's name and ID, the `docker network create` line that
// recreates a network, its Compose entry, and a container's address on a network.
import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { composeEntry, createCommandLine } from '../../model/render';
import { NetworkModel } from '../../model/snapshot';
import { ContainerRow } from '../../tree/containerRow';
import { ArgumentError } from '../args';
import { Call, ContractedCommand } from '../contract';
import { shellArgument } from '../shell';
import { Commands } from '../ids';

async function put(text: string, what: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  notify.status(l10n.t('Copied {0}', what), 3_000);
  return text;
}

/** The network a copy command is about: its row (or a container's network), `{ network, engine? }`, or a pick. */
async function networkOf<C extends ContractedCommand>(call: Call<C>): Promise<NetworkModel> {
  return (await call.network({ title: l10n.t('Copy from which network?') })).network;
}

/** Copies the name of a network or a container (the row's own). */
export async function copyName(call: Call<typeof Commands.copyName>): Promise<string> {
  if (call.row instanceof ContainerRow) return put(call.row.endpoint.containerName, call.row.endpoint.containerName);
  const n = await networkOf(call);
  return put(n.name, n.name);
}

export async function copyId(call: Call<typeof Commands.copyId>): Promise<string> {
  if (call.row instanceof ContainerRow)
    return put(call.row.endpoint.containerId, call.row.endpoint.containerId.slice(0, 12));
  const n = await networkOf(call);
  return put(n.id, n.id.slice(0, 12));
}

/**
 * The `docker network create …` line that recreates the network, quoted for the user's shell (the
 * setting dockerNetworks.shell, else VS Code's terminal shell; `{ shell }` in an arguments object).
 */
export async function copyCreateCommand(call: Call<typeof Commands.copyCreateCommand>): Promise<string> {
  const shell = shellArgument(Commands.copyCreateCommand, call.args?.shell);
  const n = await networkOf(call);
  if (n.builtIn)
    throw new ArgumentError(
      l10n.t('{0} is a built-in network; the engine makes it, so there is no command to recreate it.', n.name),
    );
  let line: string;
  try {
    line = createCommandLine(n, shell);
  } catch (e) {
    throw new ArgumentError(e instanceof Error ? e.message : String(e));
  }
  return put(line, l10n.t('the create command of {0}', n.name));
}

/** A Compose `networks:` entry: the full definition for a network Compose made, else `external`. */
export async function copyComposeEntry(call: Call<typeof Commands.copyComposeEntry>): Promise<string> {
  const n = await networkOf(call);
  const external = call.args?.external;
  return put(composeEntry(n, external === undefined ? {} : { external }), l10n.t('the Compose entry of {0}', n.name));
}

/** A container's address on a network: the row's, or `{ network, container, engine? }`. */
export async function copyIpAddress(call: Call<typeof Commands.copyIpAddress>): Promise<string> {
  let name: string;
  let address: string | undefined;
  if (call.row instanceof ContainerRow) {
    const e = call.row.endpoint;
    name = e.containerName;
    address = e.ipv4 ?? e.configuredIpv4 ?? e.ipv6 ?? e.configuredIpv6;
  } else if (call.args) {
    const { engine, network } = await call.network({ title: l10n.t('Copy IP Address') });
    const container = await call.findContainer(engine, call.args.container);
    const e = network.endpoints.find((x) => x.containerId === container.id);
    if (!e) throw new ArgumentError(l10n.t('{0} is not connected to {1}.', container.name, network.name));
    name = e.containerName;
    address = e.ipv4 ?? e.configuredIpv4 ?? e.ipv6 ?? e.configuredIpv6;
  } else {
    throw new ArgumentError(
      l10n.t('Choose a container under a network in the Docker Networks view, or give { network, container }.'),
    );
  }
  if (!address) throw new ArgumentError(l10n.t('{0} has no address on this network while it is not running.', name));
  return put(address, address);
}

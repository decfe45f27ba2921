// Edit Network: the engine cannot change a network in place, so it is recreated — every container
// disconnected, the network removed and created with the changes, each container connected again
// with its addresses (moved into a new subnet by their host part) and aliases — and rolled back if
// any step after the removal fails. Refused up front where that cannot be done; confirmed in a
// modal that names the engine, the changes and each container with what it gets back. From the
// network menu, the panel or the palette (the form), or with `{ network, changes }` (no questions).
import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { errorText } from '../../engine/errors';
import { memberships, recreateNetwork, RecreateResult, RecreateStep, RollbackError } from '../../engine/recreate';
import { applyChanges, bodyOf, checkNewIpv4, describeChanges, memberLines, NetworkChanges } from '../../model/recreate';
import { NetworkModel } from '../../model/snapshot';
import { usedSubnets } from '../../model/validate';
import { ArgumentError, optional, parseArguments } from '../args';
import { Call } from '../contract';
import { Commands } from '../ids';
import { confirm, report, withIpv6Subnet, withProgress } from '../prompts';
import { askAddresses, askChanges } from './editForm';
import { refuseDns, updateDns } from './podmanDns';

/** The fields of `changes` (docker network create's flags, camelCase). */
export const CHANGE_FIELDS = {
  subnet: optional('string'),
  gateway: optional('string'),
  ipRange: optional('string'),
  auxAddresses: optional('record'),
  ipv6: optional('boolean'),
  ipv6Subnet: optional('string'),
  ipv6Gateway: optional('string'),
  internal: optional('boolean'),
  attachable: optional('boolean'),
  labels: optional('record'),
  options: optional('record'),
  /** Podman only, and on its own: changed in place, nothing recreated. */
  dnsServers: optional('string[]'),
} as const;

export interface EditResult {
  id: string;
  name: string;
  reconnected: { container: string; ipv4?: string; ipv6?: string }[];
  rolledBack: boolean;
}

/** Networks Edit Network can recreate (the engine's own and configuration networks are not). */
const editable = (n: NetworkModel) => !n.builtIn && !n.ingress && !n.configOnly && !n.configFrom;

export async function editNetwork(call: Call<typeof Commands.editNetwork>): Promise<EditResult | undefined> {
  const args = call.args;
  const title = l10n.t('Edit Network');
  const given =
    args?.changes !== undefined
      ? (parseArguments(`${Commands.editNetwork} changes`, args.changes, CHANGE_FIELDS) as NetworkChanges)
      : undefined;
  const { engine, network } = await call.network({ title, filter: editable });
  const client = call.ctx.store.client(engine.name)!;

  if (network.builtIn || network.ingress)
    throw new ArgumentError(
      l10n.t('{0} is a built-in network: the engine made it and needs it as it is.', network.name),
    );
  if (network.configOnly || network.configFrom)
    throw new ArgumentError(
      l10n.t(
        '{0} takes its settings from a configuration network, or is one: change that network instead.',
        network.name,
      ),
    );
  if (given?.dnsServers !== undefined) {
    const { dnsServers, ...rest } = given;
    refuseDns(engine, Object.keys(rest), dnsServers);
    const done = await updateDns(client, engine, network, dnsServers, args?.confirm !== false);
    await call.ctx.store.refresh(engine.name);
    return done ? { id: network.id, name: network.name, reconnected: [], rolledBack: false } : undefined;
  }
  const raw = await client.inspectNetwork(network.id, { verbose: network.scope === 'swarm' });
  if (Object.keys(raw.Services ?? {}).length)
    throw new ArgumentError(
      l10n.t(
        '{0} has swarm services on it ({1}): recreating it would cut them off; change it through their stack.',
        network.name,
        Object.keys(raw.Services ?? {}).join(', '),
      ),
    );
  const before = bodyOf(raw);
  const others = (engine.snapshot?.networks ?? []).filter((n) => n.id !== network.id);
  const used = usedSubnets(others, network.scope === 'swarm');
  // No changes given (the palette, the menu, the panel): the form, filled with what the network has.
  const changes = given ?? (await askChanges(engine, network, before, used));
  const built = await withIpv6Subnet(engine, network.name, (c) => applyChanges(before, c, used), changes, used, !given);
  if (!built) return undefined;
  const after = built.body;

  const ids = network.endpoints.filter((e) => !e.sharedFrom).map((e) => e.containerId);
  const members = await memberships(client, raw, ids);
  // Addresses the caller gives instead, checked as the prompt checks them, before anything is disconnected.
  for (const [ref, ip] of Object.entries(args?.addressMap ?? {})) {
    const named = members.filter((x) => x.name === ref || x.container === ref);
    const found = named.length ? named : ref ? members.filter((x) => x.container.startsWith(ref)) : [];
    if (!found.length) throw new ArgumentError(l10n.t('addressMap: {0} is not on {1}.', ref, network.name));
    if (found.length > 1)
      throw new ArgumentError(
        l10n.t(
          'addressMap: {0} names more than one container on {1}: {2}.',
          ref,
          network.name,
          found.map((x) => x.name).join(', '),
        ),
      );
    found[0].newIpv4 = ip.trim();
  }
  for (const m of members) {
    const problem = m.newIpv4 && checkNewIpv4(m.newIpv4, m, members, before, after);
    if (problem) throw new ArgumentError(l10n.t('addressMap: {0}: {1}', m.name, problem));
  }
  if (!given) await askAddresses(members, before, after, l10n.t('Edit {0} on {1}', network.name, engine.name));
  const differences = describeChanges(before, after);
  if (!differences.length) throw new ArgumentError(l10n.t('{0}: these changes change nothing.', network.name));

  if (args?.confirm !== false) {
    const lines = [
      ...differences,
      '',
      members.length
        ? l10n.t(
            'Each container is disconnected, the network is removed and created again, and each is connected again:',
          )
        : l10n.t('The network is removed and created again; no container is on it.'),
      ...memberLines(members, before, after, network),
    ];
    const action = l10n.t('Recreate');
    const asked = await confirm(
      l10n.t('Recreate the network {0} on {1} with these changes?', network.name, engine.name),
      lines.join('\n'),
      action,
    );
    if (asked !== action) return undefined;
  }

  const stepText: Record<RecreateStep, string> = {
    disconnect: l10n.t('Disconnecting'),
    remove: l10n.t('Removing the network'),
    create: l10n.t('Creating the network'),
    connect: l10n.t('Connecting'),
  };
  const rollbackText: Record<RollbackError['step'], string> = {
    undo: l10n.t('Taking down the new network'),
    create: l10n.t('Creating the network as it was'),
    connect: l10n.t('Connecting again'),
  };
  let result: RecreateResult;
  try {
    result = await withProgress(l10n.t('Recreating network {0}…', network.name), (signal, progress) =>
      recreateNetwork(client, raw, members, after, {
        signal,
        progress: (step, container) => progress(container ? `${stepText[step]} ${container}` : stepText[step]),
      }),
    );
  } finally {
    await call.ctx.store.refresh(engine.name);
  }
  call.ctx.panels.followNetwork(engine.name, network.id, result.id);
  await call.ctx.view.followNetwork(engine.name, network.id, result.id);
  // Where each container is: a running one's addresses as the engine gave them (dynamic ones too,
  // from the read just made), a stopped one's static ones.
  const now = call.ctx.store.engine(engine.name)?.snapshot?.networks.find((n) => n.id === result.id);
  const reconnected = result.reconnected.map((r) => {
    const at = now?.endpoints.find((e) => e.containerId === r.container && (e.ipv4 || e.ipv6));
    const [ipv4, ipv6] = at ? [at.ipv4, at.ipv6] : [r.ipv4, r.ipv6];
    return { container: r.name, ...(ipv4 ? { ipv4 } : {}), ...(ipv6 ? { ipv6 } : {}) };
  });
  if (result.failure) {
    const at = result.failure.container
      ? `${stepText[result.failure.step]} ${result.failure.container}`
      : stepText[result.failure.step];
    const rollbackErrors = result.failure.rollbackErrors;
    const notPutBack = rollbackErrors
      .map((r) => `${rollbackText[r.step]}${r.container ? ` ${r.container}` : ''}: ${errorText(r.error)}`)
      .join('; ');
    if (rollbackErrors.length) {
      // Nothing is lost: what the network and each container had is in the log, to put back by hand.
      call.ctx.log.error(
        `[${engine.name}] recreating ${network.name} failed (${at}: ${errorText(result.failure.error)}) and was not all put back: ` +
          notPutBack +
          `. The network as it was: ${JSON.stringify(before)}. Its containers as they were: ` +
          members.map((m) => `${m.name} (${m.container}): ${JSON.stringify(m.endpoint)}`).join('; '),
      );
    }
    const message = rollbackErrors.length
      ? l10n.t(
          'Recreating {0} failed ({1}: {2}), and putting it back failed too: {3}. The network and each container as they were are in the log (Show Log).',
          network.name,
          at,
          errorText(result.failure.error),
          notPutBack,
        )
      : l10n.t(
          'Recreating {0} failed ({1}: {2}). It was rolled back: the network and its containers are as they were.',
          network.name,
          at,
          errorText(result.failure.error),
        );
    void notify.error(message);
    return { id: result.id, name: network.name, reconnected, rolledBack: result.rolledBack };
  }
  const dropped = result.reconnected.filter((r) => r.dropped.length);
  report(
    dropped.length
      ? l10n.t(
          'Recreated network {0}; {1} containers connected again. These got a dynamic address, as theirs does not fit: {2}.',
          network.name,
          reconnected.length,
          dropped.map((r) => `${r.name} (${r.dropped.join(', ')})`).join(', '),
        )
      : l10n.t('Recreated network {0}; {1} containers connected again.', network.name, reconnected.length),
  );
  return { id: result.id, name: network.name, reconnected, rolledBack: false };
}

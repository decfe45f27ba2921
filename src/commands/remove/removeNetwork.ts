import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { pickMany } from '../../dialogs/pick';
import { isEngineError } from '../../engine/errors';
import { isActive, NetworkModel } from '../../model/snapshot';
import { NetworkRow } from '../../tree/networkRow';
import { ArgumentError } from '../args';
import { Call } from '../contract';
import { Commands } from '../ids';
import { confirm, orCancel, report, withProgress } from '../prompts';

/**
 * `docker network rm`, for one network or a selection. Built-in networks are refused with the
 * reason; running containers on a network are named, with "Disconnect All and Remove"; containers
 * that are only configured on it are warned about. Returns the names removed.
 */
export async function removeNetwork(call: Call<typeof Commands.removeNetwork>): Promise<string[]> {
  const { ctx, args } = call;
  let engineName: string;
  let networks: NetworkModel[];
  let disconnectAll = args?.disconnectAll === true;
  const ask = args?.confirm !== false;
  const rows = call.rows(NetworkRow);
  if (args) {
    const refs = [...(args.network ? [args.network] : []), ...(args.networks ?? [])];
    if (!refs.length) throw new ArgumentError(l10n.t('{0}: give "network" or "networks".', Commands.removeNetwork));
    const engine = await call.engine(l10n.t('Remove Network'));
    engineName = engine.name;
    networks = [];
    for (const r of refs) networks.push((await call.findNetwork(engine, r)).network);
  } else if (rows.length) {
    engineName = rows[0].engine;
    networks = rows.filter((n) => n.engine === engineName).map((n) => n.network);
  } else {
    const engine = await call.engine(l10n.t('Remove Network'));
    engineName = engine.name;
    const items = (engine.snapshot?.networks ?? [])
      .filter((n) => !n.builtIn || n.ingress)
      .map((n) => ({
        label: n.name,
        description: `${n.driver} · ${l10n.t('{0} containers', n.endpointCount)}`,
        network: n,
      }));
    if (!items.length) throw new ArgumentError(l10n.t('{0} has no network that can be removed.', engine.name));
    const picked = orCancel(await pickMany(items, { title: l10n.t('Remove Network') }));
    networks = picked.map((p) => p.network);
    if (!networks.length) return [];
  }

  // The ingress network may go (to be replaced); the CLI warns first, and so does the dialog.
  const builtIn = networks.filter((n) => n.builtIn && !n.ingress);
  if (builtIn.length) {
    const message = l10n.t(
      '{0}: built-in networks cannot be removed; the engine made them and needs them.',
      builtIn.map((n) => n.name).join(', '),
    );
    if (builtIn.length === networks.length) throw new ArgumentError(message);
    void notify.warning(message);
    networks = networks.filter((n) => !n.builtIn);
  }
  const running = networks.flatMap((n) =>
    n.endpoints.filter((e) => isActive(e.state) && !e.sharedFrom).map((e) => ({ n, e })),
  );
  const configured = networks.flatMap((n) =>
    n.endpoints.filter((e) => !isActive(e.state) && !e.sharedFrom).map((e) => ({ n, e })),
  );

  if (running.length && !disconnectAll && !ask) {
    throw new ArgumentError(
      l10n.t(
        'Containers are running on {0}: {1}. Pass disconnectAll: true to disconnect them first.',
        networks.map((n) => n.name).join(', '),
        running.map((r) => r.e.containerName).join(', '),
      ),
    );
  }
  if (ask) {
    const names = networks.map((n) => n.name).join(', ');
    const lines: string[] = [];
    if (running.length)
      lines.push(
        l10n.t(
          'Running containers on it will be disconnected: {0}.',
          running.map((r) => `${r.e.containerName} (${r.n.name})`).join(', '),
        ),
      );
    if (networks.some((n) => n.ingress)) {
      lines.push(
        l10n.t(
          'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. Otherwise, removal may not be effective and functionality of newly created ingress networks will be impaired.',
        ),
      );
      lines.push(
        l10n.t('Services that publish ports need an ingress network: create one (overlay, Ingress on) to replace it.'),
      );
    }
    if (configured.length)
      lines.push(
        l10n.t(
          'These stopped containers are configured on it and will not start afterwards: {0}.',
          configured.map((r) => `${r.e.containerName} (${r.n.name})`).join(', '),
        ),
      );
    const action = running.length ? l10n.t('Disconnect All and Remove') : l10n.t('Remove');
    const message =
      networks.length === 1
        ? l10n.t('Remove the network {0}?', names)
        : l10n.t('Remove {0} networks: {1}?', networks.length, names);
    if ((await confirm(message, lines.join('\n'), action)) !== action) return [];
    if (running.length) disconnectAll = true;
  }

  const client = ctx.store.client(engineName)!;
  const removed: string[] = [];
  const failures: string[] = [];
  await withProgress(l10n.t('Removing networks…'), async (signal, progress) => {
    for (const n of networks) {
      progress(n.name);
      try {
        if (disconnectAll) {
          for (const e of n.endpoints.filter((x) => isActive(x.state) && !x.sharedFrom))
            await client.disconnect(n.id, e.containerId, true, { signal });
        }
        await client.removeNetwork(n.id, { signal });
        removed.push(n.name);
      } catch (e) {
        if (isEngineError(e) && e.kind === 'notFound') {
          removed.push(n.name); // gone already: what the user wanted
          continue;
        }
        if (isEngineError(e) && e.kind === 'cancelled') throw e;
        failures.push(`${n.name}: ${isEngineError(e) ? e.userMessage : String(e)}`);
      }
    }
  });
  await ctx.store.refresh(engineName);
  if (failures.length) {
    const message = l10n.t('Could not remove: {0}', failures.join('; '));
    if (!removed.length) throw new Error(message);
    void notify.error(message);
  }
  if (removed.length)
    report(
      removed.length === 1
        ? l10n.t('Removed network {0}.', removed[0])
        : l10n.t('Removed {0} networks.', removed.length),
    );
  return removed;
}

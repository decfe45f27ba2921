import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { pickMany } from '../../dialogs/pick';
import { errorText, isEngineError } from '../../engine/errors';
import { removeWithContainers } from '../../engine/removeWithContainers';
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
  let targets: { engine: string; network: NetworkModel }[];
  let disconnectAll = args?.disconnectAll === true;
  const ask = args?.confirm !== false;
  const rows = call.rows(NetworkRow);
  if (args) {
    const refs = [...(args.network ? [args.network] : []), ...(args.networks ?? [])];
    if (!refs.length) throw new ArgumentError(l10n.t('{0}: give "network" or "networks".', Commands.removeNetwork));
    const engine = await call.engine(l10n.t('Remove Network'));
    targets = [];
    for (const r of refs) targets.push({ engine: engine.name, network: (await call.findNetwork(engine, r)).network });
  } else if (rows.length) {
    // A selection may span engines: each network is removed from its own.
    targets = rows.map((n) => ({ engine: n.engine, network: n.network }));
  } else {
    const engine = await call.engine(l10n.t('Remove Network'));
    const items = (engine.snapshot?.networks ?? [])
      .filter((n) => !n.builtIn || n.ingress)
      .map((n) => ({
        label: n.name,
        description: `${n.driver} · ${l10n.t('{0} containers', n.endpointCount)}`,
        network: n,
      }));
    if (!items.length) throw new ArgumentError(l10n.t('{0} has no network that can be removed.', engine.name));
    const picked = orCancel(await pickMany(items, { title: l10n.t('Remove Network') }));
    targets = picked.map((p) => ({ engine: engine.name, network: p.network }));
    if (!targets.length) return [];
  }
  const engines = [...new Set(targets.map((t) => t.engine))];
  /** A network as the dialogs name it: with its engine when the selection spans several. */
  const named = (t: { engine: string; network: NetworkModel }) =>
    engines.length > 1 ? l10n.t('{0} on {1}', t.network.name, t.engine) : t.network.name;

  // The ingress network may go (to be replaced); the CLI warns first, and so does the dialog.
  const isBuiltIn = (n: NetworkModel) => n.builtIn && !n.ingress;
  const builtIn = targets.filter((t) => isBuiltIn(t.network));
  if (builtIn.length) {
    const message = l10n.t(
      '{0}: built-in networks cannot be removed; the engine made them and needs them.',
      builtIn.map(named).join(', '),
    );
    if (builtIn.length === targets.length) throw new ArgumentError(message);
    void notify.warning(message);
    targets = targets.filter((t) => !isBuiltIn(t.network));
  }
  const running = targets.flatMap((t) =>
    t.network.endpoints.filter((e) => isActive(e.state) && !e.sharedFrom).map((e) => ({ t, e })),
  );
  const configured = targets.flatMap((t) =>
    t.network.endpoints.filter((e) => !isActive(e.state) && !e.sharedFrom).map((e) => ({ t, e })),
  );

  if (running.length && !disconnectAll && !ask) {
    throw new ArgumentError(
      l10n.t(
        'Containers are running on {0}: {1}. Pass disconnectAll: true to disconnect them first.',
        targets.map(named).join(', '),
        running.map((r) => r.e.containerName).join(', '),
      ),
    );
  }
  if (ask) {
    const names = targets.map(named).join(', ');
    const lines: string[] = [];
    if (running.length)
      lines.push(
        l10n.t(
          'Running containers on it will be disconnected: {0}.',
          running.map((r) => `${r.e.containerName} (${named(r.t)})`).join(', '),
        ),
      );
    if (targets.some((t) => t.network.ingress)) {
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
          configured.map((r) => `${r.e.containerName} (${named(r.t)})`).join(', '),
        ),
      );
    const action = running.length ? l10n.t('Disconnect All and Remove') : l10n.t('Remove');
    const message =
      engines.length > 1
        ? l10n.t('Remove {0} networks from {1} engines: {2}?', targets.length, engines.length, names)
        : targets.length === 1
          ? l10n.t('Remove the network {0} from {1}?', names, engines[0])
          : l10n.t('Remove {0} networks from {1}: {2}?', targets.length, engines[0], names);
    if ((await confirm(message, lines.join('\n'), action)) !== action) return [];
    if (running.length) disconnectAll = true;
  }

  const removed: string[] = [];
  const failures: string[] = [];
  await withProgress(l10n.t('Removing networks…'), async (signal, progress) => {
    for (const t of targets) {
      const n = t.network;
      const client = ctx.store.client(t.engine)!;
      progress(n.name);
      const active = disconnectAll
        ? n.endpoints.filter((x) => isActive(x.state) && !x.sharedFrom).map((x) => x.containerId)
        : [];
      let error: unknown;
      let notPutBack: { name: string; error: unknown }[] = [];
      let putBack = 0;
      try {
        if (active.length) {
          const failure = await removeWithContainers(client, n.id, active, signal);
          error = failure?.error;
          notPutBack = failure?.notPutBack ?? [];
          putBack = failure?.putBack.length ?? 0;
        } else await client.removeNetwork(n.id, { signal });
      } catch (e) {
        error = e;
      }
      if (error === undefined || (isEngineError(error) && error.kind === 'notFound')) {
        removed.push(n.name); // gone (already, perhaps): what the user wanted
        continue;
      }
      // A cancel, with every container put back: nothing to report.
      if (isEngineError(error) && error.kind === 'cancelled' && !notPutBack.length) throw error;
      failures.push(
        notPutBack.length
          ? l10n.t(
              '{0}: {1}, and these containers could not be connected to it again: {2}',
              named(t),
              errorText(error),
              notPutBack.map((c) => `${c.name} (${errorText(c.error)})`).join(', '),
            )
          : putBack
            ? l10n.t('{0}: {1}; the containers disconnected from it were connected again.', named(t), errorText(error))
            : `${named(t)}: ${errorText(error)}`,
      );
    }
  });
  for (const engine of engines) await ctx.store.refresh(engine);
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

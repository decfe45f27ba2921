import { l10n } from '../../util/text';
import { isActive } from '../../model/snapshot';
import { Call } from '../contract';
import { Commands } from '../ids';
import { loadedEngine } from '../targets';
import { confirm, report, withProgress } from '../prompts';

/**
 * `docker network prune`: shows which networks would go (the engine removes every network no
 * running container uses, including those only stopped containers are configured on), confirms,
 * and reports what went. Returns the names removed.
 */
export async function pruneNetworks(call: Call<typeof Commands.pruneNetworks>): Promise<string[]> {
  const { ctx } = call;
  const ask = call.args?.confirm !== false;
  const engine = await call.engine(l10n.t('Prune Unused Networks'));
  await ctx.store.refresh(engine.name);
  const current = await loadedEngine(ctx.store, engine.name);
  const unused = (current.snapshot?.networks ?? []).filter(
    (n) => !n.builtIn && !n.endpoints.some((e) => isActive(e.state)),
  );
  if (ask) {
    if (!unused.length) {
      report(l10n.t('{0} has no unused networks.', engine.name));
      return [];
    }
    const stranded = unused.flatMap((n) => n.endpoints.map((e) => `${e.containerName} (${n.name})`));
    const detail = [
      l10n.t(
        'These networks have no running container and will be removed: {0}.',
        unused.map((n) => n.name).join(', '),
      ),
      ...(stranded.length
        ? [
            l10n.t(
              'These stopped containers are configured on them and will not start afterwards: {0}.',
              stranded.join(', '),
            ),
          ]
        : []),
    ].join('\n');
    const action = l10n.t('Prune');
    if (
      (await confirm(l10n.t('Remove {0} unused networks from {1}?', unused.length, engine.name), detail, action)) !==
      action
    )
      return [];
  }
  const client = ctx.store.client(engine.name)!;
  const removed = await withProgress(l10n.t('Pruning networks…'), (signal) => client.pruneNetworks({ signal }));
  await ctx.store.refresh(engine.name);
  report(
    removed.length
      ? l10n.t('Removed {0} unused networks: {1}.', removed.length, removed.join(', '))
      : l10n.t('No network was removed.'),
  );
  return removed;
}

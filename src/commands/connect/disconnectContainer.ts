import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { errorText, isEngineError } from '../../engine/errors';
import { NetworkModel } from '../../model/snapshot';
import { ContainerRow } from '../../tree/containerRow';
import { ArgumentError } from '../args';
import { Call } from '../contract';
import { Commands } from '../ids';
import {
  confirm,
  ContainerChoice,
  endpointChoice,
  pickContainers,
  pickNetwork,
  report,
  withProgress,
} from '../prompts';

/**
 * `docker network disconnect`: container rows (one or a selection), the palette, or
 * `{ network, container, force?, confirm?, engine? }`. Confirms first; when the engine refuses,
 * offers Force.
 */
export async function disconnectContainer(call: Call<typeof Commands.disconnectContainer>): Promise<void> {
  const { ctx, args } = call;
  let pairs: { engine: string; network: NetworkModel; container: ContainerChoice }[];
  const force = args?.force === true;
  const ask = args?.confirm !== false;
  const interactive = !args;
  const rows = call.rows(ContainerRow).filter((n) => !n.endpoint.sharedFrom);
  if (args) {
    const { engine, network } = await call.network({ title: l10n.t('Disconnect Container') });
    const container = await call.findContainer(engine, args.container);
    if (!network.endpoints.some((e) => e.containerId === container.id))
      throw new ArgumentError(l10n.t('{0} is not connected to {1}.', container.name, network.name));
    pairs = [{ engine: engine.name, network, container }];
  } else if (rows.length) {
    pairs = rows.map((n) => ({ engine: n.engine, network: n.parent.network, container: endpointChoice(n.endpoint) }));
  } else if (call.row instanceof ContainerRow) {
    throw new ArgumentError(
      l10n.t(
        '{0} uses the network stack of {1}; disconnect {1} instead.',
        call.row.endpoint.containerName,
        call.row.endpoint.sharedFrom!.name,
      ),
    );
  } else {
    const engine = await call.engine(l10n.t('Disconnect Container'));
    const network = await pickNetwork(engine, l10n.t('Disconnect a container from…'), (n) =>
      n.endpoints.some((e) => !e.sharedFrom),
    );
    const chosen = await pickContainers(
      network.endpoints.filter((e) => !e.sharedFrom).map(endpointChoice),
      l10n.t('Disconnect from {0}', network.name),
      true,
    );
    pairs = chosen.map((container) => ({ engine: engine.name, network, container }));
  }
  const engines = [...new Set(pairs.map((p) => p.engine))];
  /** A pair as the dialogs name it: with its engine when the pairs span several. */
  const named = (p: (typeof pairs)[number]) =>
    engines.length > 1
      ? l10n.t('{0} from {1} on {2}', p.container.name, p.network.name, p.engine)
      : l10n.t('{0} from {1}', p.container.name, p.network.name);
  const where = engines.length > 1 ? l10n.t('{0} engines', engines.length) : engines[0];
  if (ask) {
    const what = pairs.map(named).join(', ');
    const action = l10n.t('Disconnect');
    const detail = l10n.t('Each container keeps running but loses its address and names on that network.');
    const message =
      pairs.length === 1
        ? l10n.t('Disconnect {0} on {1}?', what, where)
        : l10n.t('Disconnect {0} containers on {1}: {2}?', pairs.length, where, what);
    if ((await confirm(message, detail, action)) !== action) return;
  }
  /** Disconnects these pairs; returns those the engine refused, each with its reason. */
  const disconnect = async (which: typeof pairs, withForce: boolean) => {
    const refused: { pair: (typeof pairs)[number]; reason: string }[] = [];
    await withProgress(l10n.t('Disconnecting…'), async (signal, progress) => {
      for (const p of which) {
        progress(p.container.name);
        try {
          await ctx.store.client(p.engine)!.disconnect(p.network.id, p.container.id, withForce, { signal });
        } catch (e) {
          if (isEngineError(e) && (e.kind === 'cancelled' || !interactive)) throw e;
          if (isEngineError(e) && e.kind === 'notFound') continue; // gone already
          refused.push({ pair: p, reason: errorText(e) });
        }
      }
    });
    return refused;
  };
  const reasons = (refused: { pair: (typeof pairs)[number]; reason: string }[]) =>
    refused.map((r) => `${named(r.pair)}: ${r.reason}`).join('; ');
  let refused = await disconnect(pairs, force);
  /** Whether the user has been told of what is still refused. */
  let told = false;
  if (refused.length && !force) {
    const forceAction = l10n.t('Force Disconnect');
    const chosen = await notify.error(l10n.t('The engine refused: {0}', reasons(refused)), forceAction);
    told = true;
    if (
      chosen === forceAction &&
      (await confirm(
        l10n.t('Force disconnect {0} on {1}?', refused.map((r) => named(r.pair)).join(', '), where),
        l10n.t('The engine removes the endpoint even where it cannot reach the container.'),
        forceAction,
      )) === forceAction
    ) {
      refused = await disconnect(
        refused.map((r) => r.pair),
        true,
      );
      told = false;
    }
  }
  for (const engine of engines) await ctx.store.refresh(engine);
  if (refused.length) {
    if (!told) void notify.error(l10n.t('The engine refused: {0}', reasons(refused)));
    const done = pairs.length - refused.length;
    if (done) report(l10n.t('Disconnected {0} of {1} containers.', done, pairs.length));
    return;
  }
  report(
    pairs.length === 1
      ? l10n.t('Disconnected {0} from {1}.', pairs[0].container.name, pairs[0].network.name)
      : l10n.t('Disconnected {0} containers.', pairs.length),
  );
}

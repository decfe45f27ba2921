import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { isEngineError } from '../../engine/errors';
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
  if (ask) {
    const what = pairs.map((p) => l10n.t('{0} from {1}', p.container.name, p.network.name)).join(', ');
    const action = l10n.t('Disconnect');
    const detail = l10n.t('Each container keeps running but loses its address and names on that network.');
    const message =
      pairs.length === 1
        ? l10n.t('Disconnect {0}?', what)
        : l10n.t('Disconnect {0} containers: {1}?', pairs.length, what);
    if ((await confirm(message, detail, action)) !== action) return;
  }
  const failed: typeof pairs = [];
  let lastError = '';
  await withProgress(l10n.t('Disconnecting…'), async (signal, progress) => {
    for (const p of pairs) {
      progress(p.container.name);
      try {
        await ctx.store.client(p.engine)!.disconnect(p.network.id, p.container.id, force, { signal });
      } catch (e) {
        if (isEngineError(e) && (e.kind === 'cancelled' || !interactive)) throw e;
        if (isEngineError(e) && e.kind === 'notFound') continue; // gone already
        failed.push(p);
        lastError = isEngineError(e) ? e.userMessage : String(e);
      }
    }
  });
  if (failed.length && !force) {
    const forceAction = l10n.t('Force Disconnect');
    if ((await notify.error(l10n.t('The engine refused: {0}', lastError), forceAction)) === forceAction) {
      await withProgress(l10n.t('Disconnecting…'), async (signal) => {
        for (const p of failed)
          await ctx.store.client(p.engine)!.disconnect(p.network.id, p.container.id, true, { signal });
      });
    }
  } else if (failed.length) {
    throw new Error(lastError);
  }
  for (const engine of new Set(pairs.map((p) => p.engine))) await ctx.store.refresh(engine);
  report(
    pairs.length === 1
      ? l10n.t('Disconnected {0} from {1}.', pairs[0].container.name, pairs[0].network.name)
      : l10n.t('Disconnected {0} containers.', pairs.length),
  );
}

import { l10n } from '../../util/text';
import { Call } from '../contract';
import { Commands } from '../ids';

/** Opens a network's inspect panel: from its row, `{ network, engine? }`, or a pick (engine first). */
export async function inspectNetwork(call: Call<typeof Commands.inspectNetwork>): Promise<void> {
  const { engine, network } = await call.network({ title: l10n.t('Inspect Network') });
  call.ctx.panels.showNetwork(engine.name, network.id, network.name);
}

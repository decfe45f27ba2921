// A Podman network's DNS servers change in place, through Podman's own update call (netavark): no
// container is disconnected, so nothing needs recreating or rolling back. Docker networks have no
// such setting (their containers' resolvers come from the daemon or each container's --dns).
import { l10n } from '../../util/text';
import { EngineClient } from '../../engine/client';
import { isEngineError } from '../../engine/errors';
import { parseIp } from '../../model/cidr';
import { NetworkModel } from '../../model/snapshot';
import { EngineState } from '../../store';
import { ArgumentError } from '../args';
import { confirm, report, withProgress } from '../prompts';

export const isPodman = (engine: EngineState) => /podman/i.test(engine.version?.product ?? '');

/** Checks `dnsServers` for this engine and network; the message says why not. */
export function refuseDns(engine: EngineState, others: readonly string[], servers: readonly string[]): void {
  if (!isPodman(engine))
    throw new ArgumentError(
      l10n.t(
        'dnsServers: only Podman networks have DNS servers of their own; on {0}, containers get theirs from the daemon or their own --dns.',
        engine.name,
      ),
    );
  if (others.length)
    throw new ArgumentError(
      l10n.t(
        'Change dnsServers on their own: Podman updates them in place, while {0} recreate the network.',
        others.join(', '),
      ),
    );
  const bad = servers.filter((s) => !parseIp(s));
  if (bad.length) throw new ArgumentError(l10n.t('dnsServers: {0} is not an IP address.', bad.join(', ')));
}

/** Sets the network's DNS servers to `servers`; returns false when the user did not confirm. */
export async function updateDns(
  client: EngineClient,
  engine: EngineState,
  network: NetworkModel,
  servers: readonly string[],
  ask: boolean,
): Promise<boolean> {
  const current = await client.podmanDnsServers(network.name);
  const add = servers.filter((s) => !current.includes(s));
  const remove = current.filter((s) => !servers.includes(s));
  if (!add.length && !remove.length)
    throw new ArgumentError(l10n.t('{0}: these changes change nothing.', network.name));
  if (ask) {
    const action = l10n.t('Change');
    const detail = l10n.t(
      'DNS servers: {0} → {1}. The network stays as it is and no container is disconnected.',
      current.join(', ') || '—',
      servers.join(', ') || '—',
    );
    const asked = await confirm(
      l10n.t('Change the DNS servers of {0} on {1}?', network.name, engine.name),
      detail,
      action,
    );
    if (asked !== action) return false;
  }
  try {
    await withProgress(l10n.t('Updating network {0}…', network.name), (signal) =>
      client.updatePodmanDns(network.name, add, remove, { signal }),
    );
  } catch (e) {
    // The network was just read, so a missing route means this Podman has no network update.
    if (isEngineError(e) && (e.statusCode === 404 || e.statusCode === 405))
      throw new ArgumentError(
        l10n.t(
          "{0} cannot change a network's DNS servers in place: this Podman has no network update (newer Podman with the netavark backend has).",
          engine.name,
        ),
      );
    throw e;
  }
  report(l10n.t('Changed the DNS servers of {0}.', network.name));
  return true;
}

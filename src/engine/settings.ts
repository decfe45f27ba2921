// Engines from the `dockerNetworks.engines` setting. A broken entry is not dropped silently: it
// becomes an engine whose problem the tree shows, so the user sees what to fix.
import { l10n } from '../util/text';
import { EngineEndpoint, withoutPassword } from './endpoint';
import { EngineError } from './errors';

export interface EngineSetting {
  name?: unknown;
  host?: unknown;
  tlsCaFile?: unknown;
  tlsCertFile?: unknown;
  tlsKeyFile?: unknown;
  tlsVerify?: unknown;
  sshIdentityFile?: unknown;
}

const HOST = /^(unix|npipe):\/\/.+|^(tcp|ssh):\/\/[^\s/]+/;

const optionalString = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function fromSetting(entry: unknown, index: number): EngineEndpoint {
  const label = l10n.t('engine #{0}', index + 1);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return broken(label, l10n.t('Each entry of dockerNetworks.engines must be an object with "name" and "host".'));
  }
  const e = entry as EngineSetting;
  const name = optionalString(e.name) ?? label;
  const host = optionalString(e.host);
  if (!host) return broken(name, l10n.t('The engine "{0}" in dockerNetworks.engines has no "host".', name));
  if (!HOST.test(host)) {
    return broken(
      name,
      l10n.t(
        'The host "{0}" of engine "{1}" is not an engine address (expected unix://, tcp:// or ssh://).',
        host,
        name,
      ),
    );
  }
  const endpoint: EngineEndpoint = { name, host, source: 'settings' };
  const caFile = optionalString(e.tlsCaFile);
  const certFile = optionalString(e.tlsCertFile);
  const keyFile = optionalString(e.tlsKeyFile);
  if (host.startsWith('tcp://') && (caFile || certFile || keyFile || e.tlsVerify !== undefined)) {
    endpoint.tls = { verify: e.tlsVerify !== false };
    if (caFile) endpoint.tls.caFile = caFile;
    if (certFile) endpoint.tls.certFile = certFile;
    if (keyFile) endpoint.tls.keyFile = keyFile;
  }
  const identityFile = optionalString(e.sshIdentityFile);
  if (host.startsWith('ssh://') && identityFile) endpoint.ssh = { identityFile };
  return withoutPassword(endpoint);
}

function broken(name: string, message: string): EngineEndpoint {
  return { name, host: 'invalid://', source: 'settings', problem: new EngineError('invalidArgument', message) };
}

/**
 * The engines to show: the default one (unless the settings already name its address, or
 * `includeDefault` is off) followed by those of the setting, with unique names.
 */
export function resolveEngines(
  setting: unknown,
  defaultEndpoint: EngineEndpoint,
  includeDefault: boolean,
): EngineEndpoint[] {
  const configured = Array.isArray(setting) ? setting.map(fromSetting) : [];
  const list: EngineEndpoint[] = [];
  if (includeDefault && !configured.some((e) => e.host === defaultEndpoint.host)) list.push(defaultEndpoint);
  list.push(...configured);
  const seen = new Map<string, number>();
  for (const e of list) {
    const count = seen.get(e.name) ?? 0;
    seen.set(e.name, count + 1);
    if (count > 0) e.name = `${e.name} (${count + 1})`;
  }
  return list;
}

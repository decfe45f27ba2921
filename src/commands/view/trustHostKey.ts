import { l10n } from '../../util/text';
import { pickOne } from '../../dialogs/pick';
import { EngineError } from '../../engine/errors';
import { SshCodes } from '../../engine/ssh';
import { ArgumentError } from '../args';
import { Call } from '../contract';
import { Commands } from '../ids';
import { confirm, orCancel, report, withProgress } from '../prompts';

/**
 * Trusts the unknown SSH host key of an ssh:// engine once the user has compared its fingerprint:
 * reads the key the server presents (without logging in), shows the fingerprint in a modal dialog,
 * and on "Trust and Connect" lets ssh add the key to known_hosts as answering "yes" in a terminal
 * does, then connects. A changed or revoked key is never trusted from here.
 *
 * `{ engine, fingerprint?, confirm? }`: with `fingerprint`, the key presented must be that one;
 * `confirm: false` skips the dialog and needs `fingerprint`. Returns `{ engine, fingerprint }`, or
 * undefined when the key was already trusted or the user declined.
 */
export async function trustHostKey(
  call: Call<typeof Commands.trustHostKey>,
): Promise<{ engine: string; fingerprint: string } | undefined> {
  const { ctx, args } = call;
  // Not the first engine by default: the one reached over ssh:// whose key is unknown.
  let engineName = args?.engine;
  const expected = args?.fingerprint;
  const ask = args?.confirm !== false;
  if (args) {
    if (expected !== undefined && !/^SHA256:[A-Za-z0-9+/=]+$/.test(expected)) {
      throw new ArgumentError(
        l10n.t('{0}: "{1}" is not an SSH key fingerprint (SHA256:…).', Commands.trustHostKey, expected),
      );
    }
    if (!ask && !expected)
      throw new ArgumentError(l10n.t('{0}: confirm: false needs the fingerprint to trust.', Commands.trustHostKey));
  }
  const ssh = ctx.store.engines.filter((e) => e.endpoint.host.startsWith('ssh://'));
  if (!engineName) {
    const waiting = ssh.filter((e) => e.error?.code === SshCodes.hostKeyUnknown);
    const candidates = waiting.length ? waiting : ssh;
    if (!candidates.length) throw new ArgumentError(l10n.t('No engine is reached over ssh://.'));
    engineName =
      candidates.length === 1
        ? candidates[0].name
        : orCancel(
            await pickOne(
              candidates.map((e) => ({ label: e.name, description: e.endpoint.host })),
              { title: l10n.t('Trust Host Key'), placeHolder: l10n.t('Choose an engine') },
            ),
          ).label;
  }
  const engine = ctx.store.engine(engineName);
  if (!engine) throw new ArgumentError(l10n.t('There is no engine named "{0}".', engineName));
  const transport = ctx.store.client(engine.name)?.ssh;
  if (!transport)
    throw new ArgumentError(l10n.t('{0} is not reached over ssh://, so it has no host key to trust.', engine.name));

  const probe = await withProgress(l10n.t('Reading the host key of {0}…', engine.name), () => transport.probeHostKey());
  if (probe.known) {
    report(l10n.t('The host key of {0} is already trusted.', engine.name));
    await ctx.store.refresh(engine.name);
    return undefined;
  }
  if (expected && probe.fingerprint !== expected) {
    throw new EngineError(
      'hostKey',
      l10n.t(
        '{0} presents the host key {1}, not {2}; nothing was trusted.',
        engine.endpoint.host,
        probe.fingerprint,
        expected,
      ),
      { code: SshCodes.hostKey },
    );
  }
  if (ask) {
    const keyType = /(\w+) key fingerprint is/.exec(probe.question)?.[1] ?? '';
    const action = l10n.t('Trust and Connect');
    const detail = [
      l10n.t(
        'The SSH server of {0} presents this {1} host key, which is not in known_hosts:',
        engine.endpoint.host,
        keyType,
      ),
      '',
      probe.fingerprint,
      '',
      l10n.t(
        "Compare it with the fingerprint the server's administrator gives you (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Only if they match, trust it: ssh adds the key to known_hosts and the engine connects.",
      ),
    ].join('\n');
    if ((await confirm(l10n.t('Trust the SSH host key of {0}?', engine.name), detail, action)) !== action)
      return undefined;
  }
  await withProgress(l10n.t('Connecting to {0}…', engine.name), () => transport.trustHostKey(probe.fingerprint));
  ctx.log.info(`[${engine.name}] trusted the SSH host key ${probe.fingerprint} of ${engine.endpoint.host}`);
  await ctx.store.refresh(engine.name);
  return { engine: engine.name, fingerprint: probe.fingerprint };
}

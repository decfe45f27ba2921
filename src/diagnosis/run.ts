// Runs the connectivity diagnosis: facts from the snapshot, then one helper in the source's
// network namespace (name lookup, ping, a TCP connect, its route and interfaces) and one in the
// target's (what listens), then the checks in order with their evidence. Plain Node: the helpers
// are started through the engine layer, the decisions are the model's.
import { randomBytes } from 'crypto';
import { EngineClient } from '../engine/client';
import type { RawContainerInspect as ContainerInspect } from '../engine/types';
import { contains, readCidr } from '../model/cidr';
import {
  Check,
  CHECK_IDS,
  CheckId,
  checkName,
  DiagnosisResult,
  Evidence,
  helperScript,
  ICC_OPTION,
  isDefaultBridge,
  networkMtu,
  networkToJoin,
  readHelperOutput,
  sharedNetworks,
  Target,
  verdictOf,
} from '../model/diagnosis';
import { listeningOn, readLinkMtus, readListeners, readLookup, readPing, readRoute } from '../model/probe';
import { ContainerModel, EngineSnapshot, NetworkModel } from '../model/snapshot';
import { l10n } from '../util/text';

/** What the internet is, for a check that has no address of its own: a public resolver and a name. */
const INTERNET_ADDRESS = '1.1.1.1';
const INTERNET_NAME = 'docker.com';
const STEP_SECONDS = 5;

export interface DiagnosisInput {
  client: EngineClient;
  /** The engine's name, for the fixes' arguments. */
  engine: string;
  snapshot: EngineSnapshot;
  source: ContainerModel;
  target: Target;
  /** How the user named the target (shown in the verdict). */
  targetText: string;
  port?: number;
  protocol: 'tcp' | 'udp';
  image: string;
  session: string;
  signal?: AbortSignal;
  progress?: (what: string) => void;
}

const skip = (id: CheckId, title: string, detail: string): Check => ({ id, status: 'skip', title, detail });

export async function runDiagnosis(input: DiagnosisInput): Promise<DiagnosisResult> {
  const { snapshot, source, target, port } = input;
  const checks: Check[] = [];
  const add = (c: Check) => checks.push(c);
  const done = () => {
    const all = complete(checks);
    return { ...verdictOf(all, input.targetText, port), checks: all };
  };

  // 1. Both ends exist and run.
  const running = (id: 'source-running' | 'target-running', c: ContainerModel, why: string): boolean => {
    const ok = c.state === 'running';
    add({
      id,
      status: ok ? 'pass' : 'fail',
      title: ok ? l10n.t('{0} is running', c.name) : l10n.t('{0} is not running', c.name),
      detail: ok ? '' : why,
    });
    return ok;
  };
  if (
    !running(
      'source-running',
      source,
      l10n.t('It is {0}; a container reaches nothing while it is not running.', source.state),
    )
  )
    return done();
  const targetContainer = target.kind === 'container' ? target.container : undefined;
  if (!targetContainer) add(skip('target-running', l10n.t('The target is not a container'), ''));
  else if (
    !running('target-running', targetContainer, l10n.t('It is {0}; nothing answers for it.', targetContainer.state))
  )
    return done();

  // 2. The networks between them.
  const sourceNetworks = snapshot.networks.filter((n) => n.endpoints.some((e) => e.containerId === source.id));
  const shared = targetContainer ? sharedNetworks(snapshot, source.id, targetContainer.id) : [];
  let address: string | undefined;
  let via: NetworkModel | undefined;
  if (targetContainer) {
    if (!shared.length) {
      const join = networkToJoin(snapshot, targetContainer.id);
      add({
        id: 'shared-network',
        status: 'fail',
        title: l10n.t('{0} and {1} share no network', source.name, targetContainer.name),
        detail: l10n.t(
          '{0} is on {1}; {2} is on {3}. Containers reach each other only over a network they are both on.',
          source.name,
          names(sourceNetworks),
          targetContainer.name,
          names(snapshot.networks.filter((n) => n.endpoints.some((e) => e.containerId === targetContainer.id))),
        ),
        // A container that uses another's network stack cannot be connected itself.
        ...(join && !source.sharedFrom
          ? {
              fix: {
                title: l10n.t('Connect {0} to {1}', source.name, join.name),
                command: 'dockerNetworks.connectContainer',
                arguments: [{ network: join.id, container: source.id, engine: input.engine }],
              },
            }
          : {}),
      });
      return done();
    }
    // Through a shared network that lets containers talk, when one does.
    const chosen = shared.find((s) => s.network.options[ICC_OPTION] !== 'false') ?? shared[0];
    via = chosen.network;
    address = chosen.target.ipv4 ?? chosen.target.ipv6;
    add({
      id: 'shared-network',
      status: 'pass',
      title: l10n.t('Both are on {0}', names(shared.map((s) => s.network))),
      detail: address ? l10n.t('{0} has the address {1} there.', targetContainer.name, address) : '',
    });
  } else if (target.kind === 'address') {
    address = target.address;
    via = sourceNetworks.find((n) =>
      n.ipam.configs.some((c) => {
        const cidr = readCidr(c.subnet);
        return !!cidr && contains(cidr, target.address);
      }),
    );
    add(
      via
        ? {
            id: 'shared-network',
            status: 'pass',
            title: l10n.t('{0} is on {1}, which holds {2}', source.name, via.name, target.address),
            detail: '',
          }
        : skip(
            'shared-network',
            l10n.t('{0} is outside the networks of {1}', target.address, source.name),
            l10n.t('It is reached through the default gateway.'),
          ),
    );
  } else add(skip('shared-network', l10n.t('Not a container: reached through the default gateway'), ''));

  // 3. What the networks allow. Whether a name is outside is known only once it is looked up
  // (an alias on a network of the source is inside): that case is decided after the lookup.
  const internalCheck = (outside: boolean) =>
    add(
      outside && sourceNetworks.length && sourceNetworks.every((n) => n.internal)
        ? {
            id: 'internal',
            status: 'fail',
            title: l10n.t('{0} is only on internal networks', source.name),
            detail: l10n.t('{0}: an internal network has no route out of the engine.', names(sourceNetworks)),
          }
        : outside
          ? { id: 'internal', status: 'pass', title: l10n.t('A network of {0} leads out', source.name), detail: '' }
          : skip('internal', l10n.t('Internal networks still connect their containers'), ''),
    );
  if (target.kind !== 'name') internalCheck(!targetContainer && !via);
  if (targetContainer && shared.every((s) => s.network.options[ICC_OPTION] === 'false')) {
    add({
      id: 'icc',
      status: 'fail',
      title: l10n.t('{0} blocks traffic between its containers', via!.name),
      detail: l10n.t('Its option {0} is false.', ICC_OPTION),
    });
  } else
    add(
      targetContainer
        ? {
            id: 'icc',
            status: 'pass',
            title: l10n.t('Traffic between containers is allowed on {0}', via!.name),
            detail: '',
          }
        : skip('icc', l10n.t('Not between containers'), ''),
    );

  const targetInspect = targetContainer
    ? await input.client
        .inspectContainer(targetContainer.id, input.signal ? { signal: input.signal } : {})
        .catch(() => undefined)
    : undefined;

  // 4. From inside the source: lookup, ping, connect, route.
  const lookupName = targetContainer
    ? targetContainer.name
    : target.kind === 'name'
      ? target.name
      : target.kind === 'internet'
        ? INTERNET_NAME
        : undefined;
  const byNameOnBridgeOnly = targetContainer && shared.every((s) => isDefaultBridge(s.network));
  const pingAddress = address ?? (target.kind === 'internet' ? INTERNET_ADDRESS : undefined);
  const nonce = randomBytes(8).toString('hex');
  const steps: { id: string; argv: string[]; limitSeconds: number; quiet?: boolean }[] = [];
  if (lookupName && !byNameOnBridgeOnly)
    steps.push({ id: 'lookup', argv: ['nslookup', lookupName], limitSeconds: STEP_SECONDS });
  const pingTarget = pingAddress ?? (target.kind === 'name' ? target.name : undefined);
  if (pingTarget)
    steps.push({ id: 'ping', argv: ['ping', '-c', '2', '-W', '2', pingTarget], limitSeconds: STEP_SECONDS });
  if (pingTarget && port !== undefined && input.protocol === 'tcp')
    steps.push({
      id: 'connect',
      argv: ['nc', '-w', '3', pingTarget, String(port)],
      limitSeconds: STEP_SECONDS,
      quiet: true,
    });
  if (pingAddress)
    steps.push(
      { id: 'route', argv: ['ip', 'route', 'get', pingAddress], limitSeconds: STEP_SECONDS },
      { id: 'links', argv: ['ip', '-o', 'link'], limitSeconds: STEP_SECONDS },
    );
  input.progress?.(l10n.t('Looking from inside {0}…', source.name));
  const inSource = steps.length ? await helper(input, source.id, helperScript(nonce, steps), nonce) : new Map();
  const evidence = (id: string, argv: string[]): Evidence[] =>
    inSource.has(id) ? [{ command: argv.join(' '), output: inSource.get(id)!.output }] : [];
  const argvOf = (id: string) => steps.find((s) => s.id === id)?.argv ?? [];

  if (byNameOnBridgeOnly) {
    add({
      id: 'name-resolves',
      status: 'fail',
      title: l10n.t('The default bridge network has no name resolution'),
      detail: l10n.t(
        'On bridge, containers find each other by address only ({0} is {1}); on a user-defined network their names resolve.',
        targetContainer!.name,
        address ?? '?',
      ),
    });
  } else if (inSource.has('lookup')) {
    const found = readLookup(inSource.get('lookup')!.output);
    if (target.kind === 'name') {
      // Inside when it resolves into a subnet of a network the source is on.
      const inside = found.addresses.some((a) =>
        sourceNetworks.some((n) =>
          n.ipam.configs.some((c) => {
            const cidr = readCidr(c.subnet);
            return !!cidr && contains(cidr, a);
          }),
        ),
      );
      internalCheck(!inside);
    }
    // The list leaves aliases out before API 1.44: the target's inspect has them.
    const settings = targetInspect?.NetworkSettings?.Networks ?? {};
    const aliases = targetContainer
      ? shared.flatMap((s) => [
          ...s.target.aliases,
          ...s.target.dnsNames,
          ...(settings[s.network.name]?.Aliases ?? []),
          ...(settings[s.network.name]?.DNSNames ?? []),
        ])
      : [];
    // The engine's DNS answers with the target's address on any network both are on.
    const rightAnswers = targetContainer
      ? shared.flatMap((s) => [s.target.ipv4, s.target.ipv6]).filter((a): a is string => !!a)
      : address
        ? [address]
        : [];
    const ok =
      found.addresses.length > 0 && (!rightAnswers.length || found.addresses.some((a) => rightAnswers.includes(a)));
    add({
      id: 'name-resolves',
      status: ok ? 'pass' : 'fail',
      title: ok
        ? l10n.t('{0} resolves to {1}', lookupName!, found.addresses.join(', '))
        : found.addresses.length
          ? l10n.t('{0} resolves to {1}, not to {2}', lookupName!, found.addresses.join(', '), address ?? '')
          : l10n.t('{0} does not resolve from {1}', lookupName!, source.name),
      detail: aliases.length ? l10n.t('Its names on the network: {0}', [...new Set(aliases)].join(', ')) : '',
      evidence: evidence('lookup', argvOf('lookup')),
    });
  } else add(skip('name-resolves', l10n.t('An address needs no name'), ''));

  if (inSource.has('ping')) {
    const ping = readPing(inSource.get('ping')!.output);
    const ok = !!ping && ping.received > 0;
    add({
      id: 'ping',
      status: ok ? 'pass' : 'fail',
      title: ok ? l10n.t('{0} answers ping', pingTarget!) : l10n.t('{0} does not answer ping', pingTarget!),
      detail: ping?.avgMs !== undefined ? l10n.t('{0} ms on average', ping.avgMs) : '',
      evidence: evidence('ping', argvOf('ping')),
    });
  } else add(skip('ping', l10n.t('Nothing to ping'), ''));

  if (port === undefined) add(skip('port-open', l10n.t('No port was asked for'), ''));
  else if (input.protocol === 'udp') add(skip('port-open', l10n.t('A UDP port cannot be tested by connecting'), ''));
  else if (inSource.has('connect')) {
    const ok = inSource.get('connect')!.status === 0;
    add({
      id: 'port-open',
      status: ok ? 'pass' : 'fail',
      title: ok ? l10n.t('Port {0} accepts connections', port) : l10n.t('Port {0} refuses or does not answer', port),
      detail: '',
      evidence: evidence('connect', argvOf('connect')),
    });
  } else add(skip('port-open', l10n.t('Nothing to connect to'), ''));

  // 5. From inside the target: what listens.
  if (targetContainer && port !== undefined) {
    const tNonce = randomBytes(8).toString('hex');
    input.progress?.(l10n.t('Looking from inside {0}…', targetContainer.name));
    const inTarget = await helper(
      input,
      targetContainer.id,
      helperScript(tNonce, [{ id: 'listen', argv: ['netstat', '-ltnu'], limitSeconds: STEP_SECONDS }]),
      tNonce,
    );
    const listening = listeningOn(readListeners(inTarget.get('listen')?.output ?? ''), port, input.protocol);
    const published = publishedPorts(targetInspect, port, input.protocol);
    const detail = published.length ? l10n.t('Published on the host as {0}.', published.join(', ')) : '';
    const titles = {
      all: l10n.t('{0} listens on port {1} on every address', targetContainer.name, port),
      specific: l10n.t(
        '{0} listens on port {1} only on {2}',
        targetContainer.name,
        port,
        listening.addresses.join(', '),
      ),
      loopback: l10n.t(
        '{0} listens on port {1} only on {2}: reachable from inside it, not from other containers',
        targetContainer.name,
        port,
        listening.addresses.join(', '),
      ),
      none: l10n.t('Nothing listens on port {1} in {0}', targetContainer.name, port),
    };
    const ok =
      listening.kind === 'all' || (listening.kind === 'specific' && !!address && listening.addresses.includes(address));
    add({
      id: 'target-listening',
      status: ok ? 'pass' : 'fail',
      title: titles[listening.kind],
      detail,
      evidence: inTarget.has('listen') ? [{ command: 'netstat -ltnu', output: inTarget.get('listen')!.output }] : [],
    });
  } else
    add(
      skip(
        'target-listening',
        port === undefined ? l10n.t('No port was asked for') : l10n.t('The target is not a container'),
        '',
      ),
    );

  // 6. The route's MTU against the network's.
  const route = inSource.has('route') ? readRoute(inSource.get('route')!.output) : undefined;
  const routeMtu = route ? readLinkMtus(inSource.get('links')?.output ?? '').get(route.dev) : undefined;
  if (via && routeMtu !== undefined) {
    const expected = networkMtu(via);
    add({
      id: 'mtu',
      status: routeMtu === expected ? 'pass' : 'fail',
      title:
        routeMtu === expected
          ? l10n.t('MTU {0} on {1}', routeMtu, route!.dev)
          : l10n.t(
              'The route leaves by {0} with MTU {1}; {2} is set up for {3}',
              route!.dev,
              routeMtu,
              via.name,
              expected,
            ),
      detail: '',
      evidence: [...evidence('route', argvOf('route')), ...evidence('links', argvOf('links'))],
    });
  } else add(skip('mtu', l10n.t('No route to compare'), ''));
  return done();
}

function names(networks: readonly NetworkModel[]): string {
  return networks.map((n) => n.name).join(', ') || '—';
}

/** Every check id once, in order: one a step never reached is listed as skipped. */
function complete(checks: readonly Check[]): Check[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return CHECK_IDS.map(
    (id) => byId.get(id) ?? skip(id, l10n.t('{0}: not checked, an earlier check failed', checkName(id)), ''),
  );
}

async function helper(input: DiagnosisInput, joins: string, script: string, nonce: string) {
  const result = await input.client.runHelper(
    { image: input.image, joins, script, limitSeconds: 30, session: input.session },
    { ...(input.signal ? { signal: input.signal } : {}) },
  );
  return readHelperOutput(result.output, nonce);
}

function publishedPorts(inspect: ContainerInspect | undefined, port: number, protocol: 'tcp' | 'udp'): string[] {
  const bindings = inspect?.NetworkSettings?.Ports?.[`${port}/${protocol}`] ?? [];
  return bindings.map((b) => `${b.HostIp || '0.0.0.0'}:${b.HostPort ?? ''}`);
}

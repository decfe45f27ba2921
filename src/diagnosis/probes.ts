// Runs the wider looks in helper containers: a network's reachability matrix (one helper per
// member, a few at a time), the names a container resolves, and what listens on its ports. The
// plans and the reading of the output are the model's (model/probes.ts). Plain Node.
import { randomBytes } from 'crypto';
import { EngineClient } from '../engine/client';
import { containerPorts, helperScript, readHelperOutput } from '../model/diagnosis';
import { readListeners } from '../model/probe';
import {
  matrixMembers,
  matrixScript,
  MatrixCell,
  MATRIX_LIMIT,
  namesScript,
  namesToResolve,
  PortReport,
  portReports,
  readMatrixRow,
  readNames,
  uniqueNames,
} from '../model/probes';
import { EngineSnapshot, NetworkModel } from '../model/snapshot';
import { ServiceModel, swarmDetails } from '../model/swarm';
import { Limiter } from '../util/limit';
import { l10n } from '../util/text';

/** Helpers at once for a matrix: enough to be quick, few enough not to crowd the engine. */
const PARALLEL = 4;

export interface ProbeContext {
  client: EngineClient;
  image: string;
  session: string;
  signal?: AbortSignal;
  progress?: (what: string) => void;
}

async function look(ctx: ProbeContext, joins: string, script: (nonce: string) => string, limitSeconds: number) {
  const nonce = randomBytes(8).toString('hex');
  const result = await ctx.client.runHelper(
    { image: ctx.image, joins, script: script(nonce), limitSeconds, session: ctx.session },
    ctx.signal ? { signal: ctx.signal } : {},
  );
  return readHelperOutput(result.output, nonce);
}

export interface MatrixResult {
  network: string;
  /** The members, in order (rows and columns). */
  containers: string[];
  cells: MatrixCell[];
  /** Members left out: not running, sharing another's stack, or beyond the limit. */
  leftOut: string[];
}

/** Which containers on the network reach which, by name and by address. */
export async function runMatrix(ctx: ProbeContext, network: NetworkModel): Promise<MatrixResult> {
  const eligible = matrixMembers(network);
  const members = eligible.slice(0, MATRIX_LIMIT);
  const leftOut = network.endpoints
    .filter((e) => !members.some((m) => m.containerId === e.containerId))
    .map((e) => e.containerName);
  const limiter = new Limiter(PARALLEL);
  let done = 0;
  const rows = await Promise.all(
    members.map((from) =>
      limiter.run(async () => {
        const outputs = await look(
          ctx,
          from.containerId,
          (nonce) => matrixScript(network, members, from.containerId, nonce),
          Math.min(25 + members.length * 8, 300),
        );
        ctx.progress?.(l10n.t('Looked from {0} of {1} containers', ++done, members.length));
        return readMatrixRow(network, members, from, outputs);
      }),
    ),
  );
  return { network: network.name, containers: members.map((m) => m.containerName), cells: rows.flat(), leftOut };
}

export type NamesResult = ReturnType<typeof readNames>;

/** Every name the container can resolve on its networks, looked up from inside it. */
export async function runNames(ctx: ProbeContext, snapshot: EngineSnapshot, containerId: string): Promise<NamesResult> {
  const networks = namesToResolve(
    await withAliases(ctx, snapshot, containerId),
    containerId,
    await swarmServices(ctx, snapshot, containerId),
  );
  const names = uniqueNames(networks);
  const outputs = names.length
    ? await look(ctx, containerId, (nonce) => namesScript(names, nonce), Math.min(30 + names.length * 4, 300))
    : new Map<string, { output: string; status: number }>();
  return readNames(networks, names, outputs);
}

export interface PortsResult {
  ports: PortReport[];
  onlyInternal: boolean;
}

/** Each declared, published or listening port of the container, and how it listens. */
export async function runPorts(ctx: ProbeContext, snapshot: EngineSnapshot, containerId: string): Promise<PortsResult> {
  const inspect = await ctx.client.inspectContainer(containerId);
  const outputs = await look(
    ctx,
    containerId,
    (nonce) => helperScript(nonce, [{ id: 'listen', argv: ['netstat', '-ltnu'], limitSeconds: 10 }]),
    30,
  );
  const networks = snapshot.networks.filter((n) => n.endpoints.some((e) => e.containerId === containerId));
  const onlyInternal = networks.length > 0 && networks.every((n) => n.internal);
  return {
    ports: portReports(containerPorts(inspect), readListeners(outputs.get('listen')?.output ?? ''), onlyInternal),
    onlyInternal,
  };
}

/** The services on the container's swarm networks, from a verbose inspect (a manager's; none elsewhere). */
async function swarmServices(
  ctx: ProbeContext,
  snapshot: EngineSnapshot,
  containerId: string,
): Promise<Map<string, ServiceModel[]>> {
  const swarm = snapshot.networks.filter(
    (n) => n.scope === 'swarm' && n.endpoints.some((e) => e.containerId === containerId),
  );
  const found = await Promise.all(
    swarm.map(async (n) => {
      const raw = await ctx.client.inspectNetwork(n.id, { verbose: true }).catch(() => undefined);
      return [n.id, raw ? swarmDetails(raw).services : []] as const;
    }),
  );
  return new Map(found);
}

/**
 * The snapshot with each endpoint's aliases and DNS names as the container's inspect gives them,
 * on the networks of `containerId`: engines before API 1.44 leave aliases out of the list.
 */
async function withAliases(ctx: ProbeContext, snapshot: EngineSnapshot, containerId: string): Promise<EngineSnapshot> {
  const mine = new Set(
    snapshot.networks.filter((n) => n.endpoints.some((e) => e.containerId === containerId)).map((n) => n.id),
  );
  const ids = [
    ...new Set(
      snapshot.networks
        .filter((n) => mine.has(n.id))
        .flatMap((n) => n.endpoints.filter((e) => e.state === 'running').map((e) => e.containerId)),
    ),
  ];
  const inspects = new Map(
    await Promise.all(
      ids.map(async (id) => [id, await ctx.client.inspectContainer(id).catch(() => undefined)] as const),
    ),
  );
  return {
    ...snapshot,
    networks: snapshot.networks.map((n) =>
      !mine.has(n.id)
        ? n
        : {
            ...n,
            endpoints: n.endpoints.map((e) => {
              const settings = inspects.get(e.containerId)?.NetworkSettings?.Networks?.[n.name];
              if (!settings) return e;
              const aliases = (settings.Aliases ?? []).filter((a) => typeof a === 'string');
              const dnsNames = (settings.DNSNames ?? []).filter((a) => typeof a === 'string');
              return {
                ...e,
                aliases: [...new Set([...e.aliases, ...aliases])],
                dnsNames: [...new Set([...e.dnsNames, ...dnsNames])],
              };
            }),
          },
    ),
  };
}

// The wider looks without an engine: who is in a network's matrix, what each helper runs, how its
// output becomes cells with reasons; the names a container can resolve; each port's report.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { RawContainer, RawNetwork } from '../../src/engine/types';
import {
  matrixMembers,
  matrixScript,
  namesScript,
  namesToResolve,
  portReports,
  readMatrixRow,
  readNames,
  uniqueNames,
} from '../../src/model/probes';
import { readListeners } from '../../src/model/probe';
import { buildSnapshot } from '../../src/model/snapshot';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/busybox', name), 'utf8');
const answer = (name: string, address: string) =>
  `Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\t${name}\nAddress: ${address}\n`;

const net = (id: string, name: string, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id: id,
  Name: name,
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Config: [{ Subnet: '10.1.0.0/24' }] },
  ...extra,
});
const on = (
  id: string,
  name: string,
  networks: Record<string, { id: string; ip: string; aliases?: string[]; dns?: string[] }>,
  state = 'running',
): RawContainer => ({
  Id: id,
  Names: [`/${name}`],
  State: state,
  NetworkSettings: {
    Networks: Object.fromEntries(
      Object.entries(networks).map(([n, e]) => [
        n,
        { NetworkID: e.id, IPAddress: e.ip, Aliases: e.aliases ?? null, DNSNames: e.dns ?? null },
      ]),
    ),
  },
});

const snapshot = buildSnapshot(
  [
    net('app1', 'app'),
    net('b1', 'bridge'),
    net('quiet1', 'quiet', { Options: { 'com.docker.network.bridge.enable_icc': 'false' } }),
  ],
  [
    on('aaaa', 'web', {
      app: { id: 'app1', ip: '10.1.0.2', aliases: ['www'] },
      bridge: { id: 'b1', ip: '172.17.0.2' },
    }),
    on('bbbb', 'api', {
      app: { id: 'app1', ip: '10.1.0.3', dns: ['api', 'api.internal'] },
      quiet: { id: 'quiet1', ip: '10.9.0.3' },
    }),
    on('cccc', 'old', { app: { id: 'app1', ip: '' } }, 'exited'),
    on('dddd', 'cache', { quiet: { id: 'quiet1', ip: '10.9.0.4' } }),
  ],
);
const network = (name: string) => snapshot.networks.find((n) => n.name === name)!;

describe('wider looks: reachability, names, ports', () => {
  it('takes the running containers with an address into the matrix', () => {
    assert.deepStrictEqual(
      matrixMembers(network('app')).map((e) => e.containerName),
      ['api', 'web'],
    );
  });

  it('looks up names except on the default bridge, and pings addresses', () => {
    const app = network('app');
    const members = matrixMembers(app);
    const script = matrixScript(app, members, 'aaaa', 'n0nce');
    assert.match(script, /nslookup api/);
    assert.match(script, /ping -c 1 -W 2 10\.1\.0\.3/);
    assert.doesNotMatch(script, /10\.1\.0\.2/, 'not itself');
    const bridge = network('bridge');
    assert.doesNotMatch(matrixScript(bridge, matrixMembers(bridge), 'x', 'n0nce'), /nslookup/);
  });

  it('reads a row into cells with the reason', () => {
    const app = network('app');
    const members = matrixMembers(app);
    const web = members.find((m) => m.containerName === 'web')!;
    const api = members.indexOf(members.find((m) => m.containerName === 'api')!);
    const ok = readMatrixRow(
      app,
      members,
      web,
      new Map([
        [`n${api}`, { output: answer('api', '10.1.0.3'), status: 0 }],
        [`a${api}`, { output: fixture('ping-ok.txt'), status: 0 }],
      ]),
    );
    assert.deepStrictEqual(
      ok.map((c) => [c.from, c.to, c.byName, c.byAddress]),
      [['web', 'api', 'pass', 'pass']],
    );
    assert.match(ok[0].detail, /api resolves to 10\.1\.0\.3\. 10\.1\.0\.3 answers ping\./);
    const wrong = readMatrixRow(
      app,
      members,
      web,
      new Map([
        [`n${api}`, { output: answer('api', '10.9.0.3'), status: 0 }],
        [`a${api}`, { output: fixture('ping-ok.txt'), status: 0 }],
      ]),
    );
    assert.deepStrictEqual([wrong[0].byName, wrong[0].byAddress], ['fail', 'pass']);
    assert.match(wrong[0].detail, /not to its address here \(10\.1\.0\.3\)/);

    const quiet = network('quiet');
    const qm = matrixMembers(quiet);
    const blocked = readMatrixRow(
      quiet,
      qm,
      qm[0],
      new Map([
        ['n1', { output: answer('cache', '10.9.0.4'), status: 0 }],
        ['a1', { output: fixture('ping-lost.txt'), status: 1 }],
      ]),
    );
    // The name resolves (by name is the lookup); the ping is what ICC blocks.
    assert.deepStrictEqual([blocked[0].byName, blocked[0].byAddress], ['pass', 'fail']);
    assert.match(blocked[0].detail, /enable_icc is false/);
  });

  it('lists every name a container can resolve, per network, and reads the lookups', () => {
    const names = namesToResolve(snapshot, 'aaaa');
    assert.deepStrictEqual(
      names.map((n) => [n.network, n.none !== undefined]),
      [
        ['app', false],
        ['bridge', true],
      ],
    );
    const app = names[0].names.map((x) => [x.name, x.kind, x.owner, x.expected]);
    assert.deepStrictEqual(app, [
      ['api', 'container', 'api', ['10.1.0.3']],
      ['api.internal', 'dnsName', 'api', ['10.1.0.3']],
      ['web', 'container', 'web', ['10.1.0.2', '172.17.0.2']],
      ['www', 'alias', 'web', ['10.1.0.2', '172.17.0.2']],
    ]);
    const list = uniqueNames(names);
    assert.match(namesScript(list, 'n0nce'), /nslookup api\.internal/);
    const read = readNames(
      names,
      list,
      new Map([
        ['l0', { output: answer('api', '10.1.0.3'), status: 0 }],
        ['l1', { output: fixture('ns-nx.txt'), status: 1 }],
      ]),
    );
    assert.deepStrictEqual(
      read[0].names.map((x) => x.status),
      ['pass', 'fail', 'skip', 'skip'],
    );
  });

  it("adds a swarm network's services: the name to its VIP, tasks.<name> to the tasks", () => {
    const app = network('app');
    const names = namesToResolve(
      snapshot,
      'aaaa',
      new Map([
        [
          app.id,
          [
            {
              name: 'shop_api',
              vip: '10.1.0.50',
              ports: [],
              tasks: [
                { name: 't1', ip: '10.1.0.51' },
                { name: 't2', ip: '10.1.0.52' },
              ],
            },
            { name: 'shop_dns', ports: [], tasks: [{ name: 't3', ip: '10.1.0.60' }] },
          ],
        ],
      ]),
    );
    const by = new Map(names[0].names.map((x) => [x.name, x]));
    assert.deepStrictEqual([by.get('shop_api')?.kind, by.get('shop_api')?.expected], ['service', ['10.1.0.50']]);
    assert.deepStrictEqual(by.get('tasks.shop_api')?.expected, ['10.1.0.51', '10.1.0.52']);
    assert.deepStrictEqual(by.get('shop_dns')?.expected, ['10.1.0.60'], 'dnsrr: the tasks');
  });

  it('reports each port: declared, published, listened on, and what is wrong', () => {
    const listeners = [
      ...readListeners(fixture('netstat.txt')),
      // The engine's embedded DNS, inside every container on a user-defined network.
      { protocol: 'udp' as const, address: '127.0.0.11', port: 43119 },
      { protocol: 'tcp' as const, address: '127.0.0.1', port: 5432 },
    ];
    const reports = portReports(
      [
        { port: 80, protocol: 'tcp', published: ['0.0.0.0:8080'] },
        { port: 5432, protocol: 'tcp', published: ['0.0.0.0:15432'] },
        { port: 2024, protocol: 'tcp', published: [] },
      ],
      listeners,
      true,
    );
    const by = (p: number) => reports.find((r) => r.port === p)!;
    assert.deepStrictEqual(
      reports.map((r) => r.port),
      [80, 2024, 5432, 18777],
    );
    assert.strictEqual(by(80).listening.kind, 'none');
    assert.ok(by(80).warnings.some((w) => /Nothing listens/.test(w)));
    assert.ok(by(80).warnings.some((w) => /only on internal networks/.test(w)));
    assert.strictEqual(by(2024).listening.kind, 'all');
    assert.deepStrictEqual(by(2024).warnings, []);
    assert.strictEqual(by(5432).listening.kind, 'loopback');
    assert.ok(by(5432).warnings.some((w) => /publish on the host and other containers do not reach it/.test(w)));
    assert.strictEqual(by(18777).declared, false);
  });
});

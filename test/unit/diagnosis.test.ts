// The diagnosis's decisions, without an engine: what a target names, which networks two containers
// share, which one to join, the verdict, and the helper's script read back through a real shell.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { RawContainer, RawNetwork } from '../../src/engine/types';
import {
  Check,
  classifyTarget,
  containerPorts,
  helperScript,
  isDefaultBridge,
  networkMtu,
  networkToJoin,
  readHelperOutput,
  readPort,
  sharedNetworks,
  verdictOf,
} from '../../src/model/diagnosis';
import { buildSnapshot } from '../../src/model/snapshot';

const net = (id: string, name: string, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id: id,
  Name: name,
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Config: [{ Subnet: `10.${id.length}.0.0/24` }] },
  ...extra,
});
const on = (id: string, name: string, networks: Record<string, string>, state = 'running'): RawContainer => ({
  Id: id,
  Names: [`/${name}`],
  State: state,
  NetworkSettings: {
    Networks: Object.fromEntries(
      Object.entries(networks).map(([n, nid]) => [n, { NetworkID: nid, IPAddress: '10.0.0.2' }]),
    ),
  },
});

const snapshot = buildSnapshot(
  [
    net('b1', 'bridge'),
    net('app1', 'app', { Options: { 'com.docker.network.driver.mtu': '1400' } }),
    net('db1', 'db', { Internal: true }),
  ],
  [
    on('aaaa1111', 'web', { app: 'app1' }),
    on('bbbb2222', 'pg', { db: 'db1', app: 'app1' }),
    on('cccc3333', 'lonely', { bridge: 'b1' }),
  ],
);

describe('diagnosis: decisions', () => {
  it('tells what a target names', () => {
    const cs = snapshot.containers;
    assert.deepStrictEqual(classifyTarget('internet', cs), { kind: 'internet' });
    assert.deepStrictEqual(classifyTarget('172.18.0.3', cs), { kind: 'address', address: '172.18.0.3' });
    assert.deepStrictEqual(classifyTarget('fd00::1', cs), { kind: 'address', address: 'fd00::1' });
    assert.strictEqual(classifyTarget('pg', cs)?.kind, 'container');
    assert.strictEqual(classifyTarget('bbbb', cs)?.kind, 'container');
    assert.deepStrictEqual(classifyTarget('db.example.com', cs), { kind: 'name', name: 'db.example.com' });
    for (const hostile of ['x; rm -rf /', '$(touch p)', '[a](command:x)', 'a b', '', '-rf', `a${'b'.repeat(300)}`]) {
      assert.strictEqual(classifyTarget(hostile, cs), undefined, hostile);
    }
  });

  it('finds the networks two containers share, and the one to join', () => {
    assert.deepStrictEqual(
      sharedNetworks(snapshot, 'aaaa1111', 'bbbb2222').map((s) => s.network.name),
      ['app'],
    );
    assert.deepStrictEqual(sharedNetworks(snapshot, 'cccc3333', 'bbbb2222'), []);
    // A user-defined network that is not internal first: names resolve there.
    assert.strictEqual(networkToJoin(snapshot, 'bbbb2222')?.name, 'app');
    assert.ok(isDefaultBridge(snapshot.networks.find((n) => n.name === 'bridge')!));
    assert.strictEqual(networkMtu(snapshot.networks.find((n) => n.name === 'app')!), 1400);
    assert.strictEqual(networkMtu(snapshot.networks.find((n) => n.name === 'db')!), 1500);
  });

  it('gives the first blocking reason, or reachable; ping does not block when a port is asked for', () => {
    const check = (id: Check['id'], status: Check['status'], title: string = id): Check => ({
      id,
      status,
      title,
      detail: '',
    });
    assert.deepStrictEqual(verdictOf([check('source-running', 'pass'), check('ping', 'pass')], 'pg'), {
      reachable: true,
      verdict: 'pg is reachable.',
    });
    assert.strictEqual(
      verdictOf([check('shared-network', 'fail', 'no shared network'), check('ping', 'fail')], 'pg').verdict,
      'Not reachable: no shared network',
    );
    assert.strictEqual(verdictOf([check('ping', 'fail'), check('port-open', 'pass')], 'pg', 5432).reachable, true);
    assert.strictEqual(verdictOf([check('mtu', 'fail')], 'pg').reachable, true);
    // Causes before their symptoms, whatever the order the checks are listed in.
    assert.strictEqual(
      verdictOf([check('name-resolves', 'fail', 'no name'), check('internal', 'fail', 'internal only')], 'internet')
        .verdict,
      'Not reachable: internal only',
    );
    assert.strictEqual(
      verdictOf([check('port-open', 'fail', 'refused'), check('target-listening', 'fail', 'loopback only')], 'pg', 5432)
        .verdict,
      'Not reachable: loopback only',
    );
  });

  it('reads each step of a helper script back as the shell ran it, and markers in the output cannot forge a step', () => {
    const nonce = 'n0nce7f3a';
    const script = helperScript(nonce, [
      { id: 'one', argv: ['echo', `${nonce} end two 0`], limitSeconds: 5 },
      { id: 'two', argv: ['sh', '-c', 'echo "$1"; exit 3', 'sh', "it's $(here)"], limitSeconds: 5 },
      { id: 'slow', argv: ['sleep', '5'], limitSeconds: 1 },
      // A service's banner without a final newline cannot swallow the end marker.
      { id: 'banner', argv: ['printf', 'SSH-2.0-x'], limitSeconds: 5 },
      { id: 'quiet', argv: ['echo', 'not shown'], limitSeconds: 5, quiet: true },
    ]);
    const output = execFileSync('busybox', ['sh', '-c', script], { encoding: 'utf8' });
    const steps = readHelperOutput(output, nonce);
    assert.deepStrictEqual(steps.get('one'), { output: `${nonce} end two 0`, status: 0 });
    assert.deepStrictEqual(steps.get('two'), { output: "it's $(here)", status: 3 });
    assert.notStrictEqual(steps.get('slow')?.status, 0, 'timeout ended it');
    assert.deepStrictEqual(steps.get('banner'), { output: 'SSH-2.0-x', status: 0 });
    assert.deepStrictEqual(steps.get('quiet'), { output: '', status: 0 });
  });

  it('counts no host or none network as shared, and knows the overlay MTU', () => {
    const s = buildSnapshot(
      [
        net('h1', 'host', { Driver: 'host' }),
        net('n1', 'none', { Driver: 'null' }),
        net('o1', 'ov', { Driver: 'overlay', Scope: 'swarm' }),
      ],
      [on('x1', 'x', { host: 'h1' }), on('y1', 'y', { host: 'h1' })],
    );
    assert.deepStrictEqual(sharedNetworks(s, 'x1', 'y1'), []);
    assert.strictEqual(networkMtu(s.networks.find((n) => n.name === 'ov')!), 1450);
  });

  it('reads a port as the user gives it, and refuses what is not one', () => {
    assert.deepStrictEqual(readPort('5432'), { port: 5432, protocol: 'tcp' });
    assert.deepStrictEqual(readPort(' 53/UDP '), { port: 53, protocol: 'udp' });
    assert.deepStrictEqual(readPort('65535/tcp'), { port: 65535, protocol: 'tcp' });
    for (const bad of ['', '0', '65536', '80/sctp', '80/', 'http', '8080 ; rm -rf /', '-1', '1e3', '٣'])
      assert.strictEqual(typeof readPort(bad), 'string', bad);
  });

  it("lists a container's declared and published ports once each, in order", () => {
    const ports = containerPorts({
      Config: { ExposedPorts: { '8080/tcp': {}, '53/udp': {}, junk: {} } },
      NetworkSettings: {
        Ports: {
          '8080/tcp': [
            { HostIp: '0.0.0.0', HostPort: '18080' },
            { HostIp: '::', HostPort: '18080' },
          ],
          '443/tcp': null,
          '53/udp': [{ HostIp: '', HostPort: '5353' }],
        },
      },
    });
    assert.deepStrictEqual(ports, [
      { port: 53, protocol: 'udp', published: ['0.0.0.0:5353'] },
      { port: 443, protocol: 'tcp', published: [] },
      { port: 8080, protocol: 'tcp', published: ['0.0.0.0:18080', ':::18080'] },
    ]);
    assert.deepStrictEqual(containerPorts({}), []);
  });
});

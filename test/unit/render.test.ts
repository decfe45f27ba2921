import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { parse } from 'yaml';
import {
  composeEntry,
  composeKey,
  createArguments,
  createCommandLine,
  runArguments,
  runCommandLine,
  shellQuote,
} from '../../src/model/render';
import { interpolate } from '../../src/model/compose/interpolate';
import { buildSnapshot, NetworkModel } from '../../src/model/snapshot';
import { RawNetwork } from '../../src/engine/types';

const HOSTILE = [
  'a b',
  'x"y',
  "it's",
  '<img src=x onerror=alert(1)>',
  'ネットワーク',
  '$(touch /tmp/pwned)',
  '`id`',
  'a\\b',
  '-rf',
  '*',
  'line\nbreak',
  '',
];

const model = (raw: Partial<RawNetwork> & { Name: string }): NetworkModel =>
  buildSnapshot([{ Id: 'i', Driver: 'bridge', Scope: 'local', ...raw }], []).networks[0];

describe('renderers', () => {
  for (const value of HOSTILE) {
    it(`quotes ${JSON.stringify(value)} so a real shell reads back exactly it`, () => {
      const echoed = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      assert.strictEqual(echoed, value);
    });
  }

  it('leaves plain words unquoted', () => {
    assert.strictEqual(shellQuote('my_network'), 'my_network');
    assert.strictEqual(shellQuote('172.21.0.0/16'), '172.21.0.0/16');
    assert.strictEqual(shellQuote('com.docker.network.driver.mtu=1400'), 'com.docker.network.driver.mtu=1400');
  });

  it('writes the create line of the seed example', () => {
    const n = model({
      Name: 'my_network',
      Attachable: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: '172.21.0.0/16' }] },
    });
    assert.strictEqual(createCommandLine(n), 'docker network create --attachable --subnet 172.21.0.0/16 my_network');
  });

  it('writes every option, and leaves out what the engine set by itself', () => {
    const n = model({
      Name: 'x"y',
      Driver: 'overlay',
      Scope: 'swarm',
      Internal: true,
      EnableIPv6: true,
      IPAM: {
        Driver: 'default',
        Options: {},
        Config: [
          {
            Subnet: '10.9.0.0/24',
            Gateway: '10.9.0.1',
            IPRange: '10.9.0.128/25',
            AuxiliaryAddresses: { r: '10.9.0.2' },
          },
          { Subnet: 'fd00:9::/64' },
        ],
      },
      Options: { encrypted: '', 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
      Labels: { '<script>': '$(id)' },
    });
    assert.deepStrictEqual(createArguments(n), [
      'network',
      'create',
      '--driver',
      'overlay',
      '--internal',
      '--ipv6',
      '--subnet',
      '10.9.0.0/24',
      '--gateway',
      '10.9.0.1',
      '--ip-range',
      '10.9.0.128/25',
      '--aux-address',
      'r=10.9.0.2',
      '--subnet',
      'fd00:9::/64',
      '--opt',
      'encrypted=',
      '--label',
      '<script>=$(id)',
      'x"y',
    ]);
    assert.ok(createCommandLine(n).endsWith(`--label '<script>=$(id)' 'x"y'`), createCommandLine(n));
  });

  it('writes the docker run line with every option before the image', () => {
    assert.strictEqual(
      runCommandLine({ network: 'my_network', image: 'tiny:latest' }),
      'docker run -d --network my_network tiny:latest',
    );
    assert.deepStrictEqual(
      runArguments({ network: 'a b', image: 'tiny:latest', name: 'web', command: ['sleep', '--network', 'x'] }),
      ['run', '-d', '--network', 'a b', '--name', 'web', 'tiny:latest', 'sleep', '--network', 'x'],
    );
    const line = runCommandLine({ network: '$(id)', image: 'tiny:latest', command: ['sh', '-c', "echo 'hi'"] });
    const words = execFileSync('sh', ['-c', `for w in ${line.slice('docker '.length)}; do printf '%s\\n' "$w"; done`], {
      encoding: 'utf8',
    });
    assert.deepStrictEqual(words.trimEnd().split('\n'), [
      'run',
      '-d',
      '--network',
      '$(id)',
      'tiny:latest',
      'sh',
      '-c',
      "echo 'hi'",
    ]);
  });

  it('puts a name that looks like a flag after --', () => {
    assert.deepStrictEqual(createArguments(model({ Name: '-rf' })).slice(-2), ['--', '-rf']);
  });

  it('writes a Compose entry that reads back as the network', () => {
    const n = model({
      Name: 'shop_backend',
      Internal: true,
      EnableIPv6: true,
      IPAM: {
        Driver: 'default',
        Config: [{ Subnet: '10.3.0.0/24', Gateway: '10.3.0.1', AuxiliaryAddresses: { r: '10.3.0.2' } }],
      },
      Options: { 'com.docker.network.driver.mtu': '1400' },
      Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'backend', team: '<b>"x"</b>' },
    });
    const doc = parse(composeEntry(n)) as { networks: Record<string, Record<string, unknown>> };
    assert.deepStrictEqual(doc, {
      networks: {
        backend: {
          name: 'shop_backend',
          driver: 'bridge',
          driver_opts: { 'com.docker.network.driver.mtu': '1400' },
          internal: true,
          enable_ipv6: true,
          ipam: {
            driver: 'default',
            config: [{ subnet: '10.3.0.0/24', gateway: '10.3.0.1', aux_addresses: { r: '10.3.0.2' } }],
          },
          labels: { team: '<b>"x"</b>' },
        },
      },
    });
  });

  it("writes every value so that Compose does not put the user's environment in it", () => {
    const n = model({
      Name: 'shop_$USER',
      Options: { 'com.docker.network.bridge.name': 'br-${HOME}' },
      Labels: {
        'com.docker.compose.project': 'shop',
        'com.docker.compose.network': 'n',
        stolen: '${AWS_SECRET_ACCESS_KEY}',
        fails: '${X:?boom}',
        $key: '$$',
      },
    });
    const doc = parse(composeEntry(n)) as { networks: { n: Record<string, Record<string, string> | string> } };
    const env = { USER: 'me', HOME: '/root', AWS_SECRET_ACCESS_KEY: 's3cr3t' };
    const read = (value: string) => {
      const r = interpolate(value, env);
      assert.deepStrictEqual(r.errors, [], value);
      return r.value;
    };
    const entry = doc.networks.n;
    assert.strictEqual(read(entry.name as string), 'shop_$USER');
    assert.strictEqual(
      read((entry.driver_opts as Record<string, string>)['com.docker.network.bridge.name']),
      'br-${HOME}',
    );
    const labels = entry.labels as Record<string, string>;
    assert.deepStrictEqual(Object.keys(labels), ['$key', 'fails', 'stolen'], 'keys as they are: Compose reads them so');
    assert.strictEqual(read(labels.stolen), '${AWS_SECRET_ACCESS_KEY}');
    assert.strictEqual(read(labels.fails), '${X:?boom}');
    assert.strictEqual(read(labels.$key), '$$');
  });

  it('references a network Compose did not make as external, whatever its name', () => {
    for (const name of HOSTILE.filter(Boolean)) {
      const doc = parse(composeEntry(model({ Name: name }))) as {
        networks: Record<string, { name: string; external: boolean }>;
      };
      const [key] = Object.keys(doc.networks);
      assert.match(key, /^[a-zA-Z0-9._-]+$/);
      assert.strictEqual(interpolate(doc.networks[key].name, {}).value, name, 'as Compose reads it');
      assert.strictEqual(doc.networks[key].external, true);
    }
    assert.strictEqual(composeKey(model({ Name: 'ネットワーク' })), 'network');
  });
});

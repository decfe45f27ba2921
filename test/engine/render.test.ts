// The copied `docker network create` line, run through a real shell against the real engine,
// recreates the same network — for names and labels that would break naive quoting.
import * as assert from 'assert';
import { execFile } from 'child_process';
import { EngineClient } from '../../src/engine/client';
import { RawNetwork } from '../../src/engine/types';
import { createCommandLine, runCommandLine } from '../../src/model/render';
import { ShellFlavor } from '../../src/model/shell';
import { buildSnapshot } from '../../src/model/snapshot';
import { Cleanup, privateEngine } from '../support/docker';

function sh(line: string, shell = 'sh'): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(shell, ['-c', line], { env: process.env }, (err, stdout, stderr) =>
      err ? reject(new Error(`${line}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

/** The shells installed here that the copied lines are quoted for, and their flavor. */
const SHELLS: [string, ShellFlavor][] = [
  ['sh', 'posix'],
  ['bash', 'posix'],
  ['zsh', 'posix'],
  ['fish', 'fish'],
];

/** What must be the same for two networks to be "identical": all but the ID and creation time (null and {} alike). */
function essence(raw: RawNetwork) {
  const { id: _id, created: _created, endpoints: _endpoints, ...rest } = buildSnapshot([raw], []).networks[0];
  return rest;
}

describe('the copied create command, through a real shell', function () {
  this.timeout(60_000);
  const client = new EngineClient(privateEngine());
  const cleanup = new Cleanup();
  after(() => cleanup.run());

  const cases: Array<{
    name: string;
    labels: Record<string, string>;
    extra?: Partial<Parameters<EngineClient['createNetwork']>[0]>;
  }> = [
    { name: 'plain-net', labels: {} },
    { name: 'a b', labels: { 'com.example.note': 'it\'s a "test"' } },
    { name: '$(touch /tmp/dn-pwned)', labels: { '<script>': '`id`; rm -rf ~' } },
    { name: 'ネットワーク', labels: { チーム: '決済' } },
    { name: '-rf', labels: {} },
    {
      name: 'full options',
      labels: { team: 'net' },
      extra: {
        Internal: true,
        Attachable: true,
        EnableIPv6: true,
        IPAM: {
          Driver: 'default',
          Config: [
            {
              Subnet: '10.250.90.0/24',
              Gateway: '10.250.90.1',
              IPRange: '10.250.90.128/25',
              AuxiliaryAddresses: { router: '10.250.90.2' },
            },
            { Subnet: 'fd00:90::/64' },
          ],
        },
        Options: { 'com.docker.network.driver.mtu': '1400', 'com.docker.network.bridge.enable_icc': 'false' },
      },
    },
  ];

  for (const c of cases) {
    for (const [shell, flavor] of SHELLS) {
      it(`recreates ${JSON.stringify(c.name)} through ${shell}`, async () => {
        cleanup.network(c.name);
        await client.createNetwork({ Name: c.name, CheckDuplicate: true, Labels: c.labels, ...c.extra });
        const original = await client.inspectNetwork(c.name);
        const model = buildSnapshot([original], []).networks[0];
        const line = createCommandLine(model, flavor);
        await client.removeNetwork(original.Id);
        await sh(line, shell);
        const recreated = await client.inspectNetwork(c.name);
        assert.notStrictEqual(recreated.Id, original.Id);
        assert.deepStrictEqual(essence(recreated), essence(original), line);
        await client.removeNetwork(recreated.Id);
      });
    }
  }

  it('runs the copied docker run line: the container on the network, the command as given', async () => {
    const network = cleanup.network('run $(touch /tmp/dn-pwned) net');
    await client.createNetwork({ Name: network, CheckDuplicate: true });
    const name = cleanup.container(`dn-run-line-${process.pid}`);
    const command = ['sh', '-c', "sleep 300 # `id` $(touch /tmp/dn-pwned) 'x'", '--network', 'none'];
    const id = (await sh(runCommandLine({ network, image: 'tiny:latest', name, command }))).trim();
    const c = await client.inspectContainer(id);
    assert.strictEqual(c.Name, `/${name}`);
    assert.deepStrictEqual(Object.keys(c.NetworkSettings?.Networks ?? {}), [network]);
    assert.deepStrictEqual(c.Config?.Cmd, command);
    assert.strictEqual(c.State?.Running, true);
  });

  it('ran nothing the names and labels held', async () => {
    await assert.rejects(sh('test -e /tmp/dn-pwned'), 'no command substitution happened');
  });
});

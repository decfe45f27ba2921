// What engines newer than this machine's send, through the real extension: objects shaped by the
// newest Engine API definition (1.55), served by test/support/fakeEngine.ts, shown in the tree, its
// tooltips and the inspect panel without a crash or an "undefined"; and an engine that refuses the
// API version, shown as such.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi, TreeItemView } from '../../../src/api';
import { RawContainer, RawNetwork } from '../../../src/engine/types';
import { assertShowable, generator, newerShapes } from '../../support/apiShapes';
import { FakeEngine } from '../../support/fakeEngine';
import { Cleanup, docker, uniqueName, waitFor } from '../../support/docker';
import { extensionApi, setSetting, showView, treeItem } from '../helpers';

describe('Engines newer than this machine (API 1.55 shapes)', function () {
  this.timeout(180_000);
  let api: DockerNetworksApi;
  let engine: FakeEngine | undefined;
  before(async () => {
    api = await extensionApi();
    await showView();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('engines', undefined);
    await engine?.dispose();
    engine = undefined;
  });

  /** Every row under `parent`, with tooltips, depth first. */
  async function allRows(parent?: string, depth = 0): Promise<TreeItemView[]> {
    const rows = await api.treeItems(parent, { tooltips: true });
    const out = [...rows];
    if (depth < 3) for (const r of rows) if (r.collapsible) out.push(...(await allRows(r.id, depth + 1)));
    return out;
  }

  it("shows the shapes newer engines send and 40 generated engines' worth of objects in the tree, tooltips and panel", async () => {
    const { networks, containers } = newerShapes();
    for (let seed = 1; seed <= 40; seed++) {
      const g = generator(seed);
      const made = Array.from(
        { length: 3 },
        (_, i) =>
          ({
            ...(g.value('NetworkInspect') as object),
            Id: `n${seed}-${i}`.padEnd(64, 'a'),
            Name: `gen-${seed}-${i}`,
          }) as RawNetwork,
      );
      networks.push(...made);
      for (let i = 0; i < 3; i++) {
        const c = {
          ...(g.value('ContainerSummary') as object),
          Id: `c${seed}-${i}`.padEnd(64, 'b'),
          Names: [`/gen-c-${seed}-${i}`],
        } as RawContainer;
        const n = g.pick(made);
        c.NetworkSettings = {
          Networks: { [n.Name]: { ...((g.value('EndpointSettings') ?? {}) as object), NetworkID: n.Id } },
        };
        containers.push(c);
      }
    }
    engine = new FakeEngine({ networks, containers });
    await engine.listen();
    await setSetting('engines', [{ name: 'newest', host: engine.host }]);
    await waitFor(
      'the newest engine',
      () => api.snapshot().engines.find((e) => e.name === 'newest')?.status === 'ready',
    );
    await treeItem(api, 'newest');
    const root = (await api.treeItems(undefined, { tooltips: true })).find((r) => r.label === 'newest')!;
    assert.match(root.description ?? '', /^29\.7\.0 · API 1\.55/);
    assert.match(root.tooltip ?? '', /Firewall\\: nftables/);
    const rows = await allRows(root.id);
    assert.ok(rows.length >= networks.length, `${rows.length} rows for ${networks.length} networks`);
    for (const row of rows) assertShowable(`the row ${row.id}`, row);
    const v6 = rows.find((r) => r.label === 'v6only')!;
    assert.strictEqual(v6.description, 'bridge · local · fd00:1::/64');
    assert.match(v6.tooltip ?? '', /IPv6 only/);

    // The inspect panel of the IPv6-only network, with the engine's own 64-bit address count.
    await vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { engine: 'newest', network: 'v6only' });
    const shown = await waitFor('the panel', () => {
      const m = api.panels().find((p) => p.title === 'Network: v6only')?.shown;
      return m?.type === 'network' && m;
    });
    assertShowable('the panel', { ...shown.view, json: '' });
    assert.deepStrictEqual(shown.view.ipam.configs[0].engine, { inUse: '3', available: '18446744073709551615' });
    assert.deepStrictEqual(
      shown.view.containers.map((c) => [c.name, c.ipv4, c.ipv6]),
      [['only6', undefined, 'fd00:1::2']],
    );
  });

  it('an engine that refuses the API version says so', async () => {
    engine = new FakeEngine({
      networks: [],
      containers: [],
      refuse:
        'client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version',
    });
    await engine.listen();
    await setSetting('engines', [{ name: 'refusing', host: engine.host }]);
    const row = await waitFor('the refusing engine in its error state', async () => {
      const r = await treeItem(api, 'refusing');
      return r.icon === 'error' && r;
    });
    assert.match(row.description ?? '', /refuses API version 1\.41: it needs 1\.44 or later/);
  });

  it('refuses options newer than the engine (API 1.41 here) before asking it, naming the version they need', async () => {
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('dockerNetworks.createNetwork', {
          name: 'dn-never-v6only',
          ipv4: false,
          ipv6: true,
        }),
      ),
      /IPv6-only networks \(ipv4: false\) need Docker 28 or later \(API 1\.48\); this engine speaks API 1\.41/,
    );
    const cleanup = new Cleanup();
    try {
      const net = cleanup.network(uniqueName('dn-gwp'));
      await docker('network', 'create', net);
      const c = cleanup.container(uniqueName('dn-gwp-c'));
      await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '300');
      await waitFor('the network', () => api.snapshot().engines[0].networks.some((n) => n.name === net));
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('dockerNetworks.connectContainer', {
            network: net,
            container: c,
            gwPriority: 5,
          }),
        ),
        /Gateway priorities \(gwPriority\) need Docker 28 or later \(API 1\.48\); this engine speaks API 1\.41/,
      );
      assert.strictEqual(
        await docker('inspect', c, '--format', `{{json (index .NetworkSettings.Networks "${net}")}}`),
        'null',
        'not connected',
      );
    } finally {
      await cleanup.run();
    }
  });
});

// Reachability, Names on Networks and Ports in the real VS Code: the commands' results, their
// panels, Run Again from the page, and the panels' buttons that open them. Real helpers; none left.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi, PanelView } from '../../../src/api';
import { HELPER_LABEL } from '../../../src/engine/helper';
import type { MatrixResult, NamesResult, PortsResult } from '../../../src/diagnosis/probes';
import type { ProbeView, ToPanel } from '../../../src/webview/protocol';
import { Cleanup, docker, uniqueName, waitFor } from '../../support/docker';
import { readyApi, setSetting } from '../helpers';

describe('Reachability, names and ports', function () {
  this.timeout(180_000);
  let api: DockerNetworksApi;
  const cleanup = new Cleanup();
  before(async () => {
    api = await readyApi();
    await setSetting('diagnostics.image', 'tiny:latest');
  });
  after(() => setSetting('diagnostics.image', undefined));
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual((await docker('ps', '-aq', '--filter', `label=${HELPER_LABEL}`)).trim(), '');
    await cleanup.run();
  });

  const run = async <T>(command: string, args: Record<string, unknown>) =>
    vscode.commands.executeCommand<T>(command, args);

  async function world(): Promise<{ net: string; web: string; db: string }> {
    const net = cleanup.network(uniqueName('dn-hprobe'));
    await docker('network', 'create', net);
    const web = cleanup.container(uniqueName('dn-hprobe-web'));
    const db = cleanup.container(uniqueName('dn-hprobe-db'));
    await docker(
      'run',
      '-d',
      '--name',
      db,
      '--network',
      net,
      '--network-alias',
      'database',
      '-p',
      '127.0.0.1::5432',
      'tiny:latest',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '127.0.0.1:5432',
    );
    await docker('run', '-d', '--name', web, '--network', net, 'tiny:latest', 'sleep', '600');
    await waitFor(
      'both in the model',
      () =>
        api
          .snapshot()
          .engines[0].networks.find((n) => n.name === net)
          ?.endpoints.filter((e) => e.state === 'running').length === 2,
    );
    return { net, web, db };
  }

  async function shownProbe(
    check: (v: ProbeView) => boolean,
    title?: string,
  ): Promise<{ panel: PanelView; view: ProbeView }> {
    return waitFor('the probe panel to show its result', () => {
      const panel = api.panels().find((p) => p.kind === 'probe' && (!title || p.title === title));
      const m = panel?.shown as ToPanel | undefined;
      return panel && m?.type === 'probe' && check(m.view) && { panel, view: m.view };
    });
  }

  it('returns the reachability matrix, and shows it in a panel that runs again from the page', async () => {
    const { net, web, db } = await world();
    const result = await run<MatrixResult>('dockerNetworks.showReachability', { network: net, show: false });
    assert.deepStrictEqual([...result.containers].sort(), [db, web].sort());
    assert.strictEqual(result.cells.length, 2);
    for (const c of result.cells) assert.deepStrictEqual([c.byName, c.byAddress], ['pass', 'pass'], c.detail);

    await run('dockerNetworks.showReachability', { network: net });
    const { panel, view } = await shownProbe((v) => v.state === 'done');
    assert.strictEqual(panel.title, `Reachability: ${net}`);
    assert.strictEqual(view.matrix?.cells.length, 2);
    const first = view.finishedAt;
    await new Promise((r) => setTimeout(r, 1_100));
    await panel.fromPage({ type: 'rerun' });
    await shownProbe((v) => v.state === 'done' && v.finishedAt !== first);
  });

  it('returns the names a container resolves, aliases included', async () => {
    const { net, web, db } = await world();
    const result = await run<NamesResult>('dockerNetworks.showNames', { container: web, show: false });
    const names = new Map(result.find((n) => n.network === net)!.names.map((x) => [x.name, x]));
    for (const name of [web, db, 'database']) assert.strictEqual(names.get(name)?.status, 'pass', name);
  });

  it("returns a container's ports: published, but listening on loopback only", async () => {
    const { db } = await world();
    const result = await run<PortsResult>('dockerNetworks.showPorts', { container: db, show: false });
    const p = result.ports.find((x) => x.port === 5432)!;
    assert.strictEqual(p.listening.kind, 'loopback');
    assert.strictEqual(p.published.length, 1);
    assert.ok(p.warnings.length > 0);
  });

  it("opens them from the panels' buttons", async () => {
    const { net, db } = await world();
    await run('dockerNetworks.inspectNetwork', { network: net });
    const networkPanel = await waitFor('the network panel', () => api.panels().find((p) => p.kind === 'network'));
    await networkPanel.fromPage({ type: 'probe', kind: 'matrix' });
    await shownProbe((v) => v.kind === 'matrix' && v.state === 'done');
    await run('dockerNetworks.showContainerNetworking', { container: db });
    const containerPanel = await waitFor('the container panel', () => api.panels().find((p) => p.kind === 'container'));
    await containerPanel.fromPage({ type: 'probe', kind: 'ports' });
    const { view } = await shownProbe((v) => v.state === 'done', `Ports: ${db}`);
    assert.ok(view.ports?.ports.some((p) => p.port === 5432));
  });

  it('refuses what it cannot use before anything runs', async () => {
    await assert.rejects(run('dockerNetworks.showReachability', {}), /"network" is required/);
    await assert.rejects(run('dockerNetworks.showNames', { container: 'no-such-container' }), /There is no container/);
    await assert.rejects(run('dockerNetworks.showPorts', { container: 'x', extra: 1 }), /unknown argument "extra"/);
    const stopped = cleanup.container(uniqueName('dn-hprobe-stopped'));
    await docker('create', '--name', stopped, 'tiny:latest', 'sleep', '600');
    await waitFor('the stopped container in the model', () =>
      api.snapshot().engines[0].networks.some((n) => n.endpoints.some((e) => e.containerName === stopped)),
    );
    await assert.rejects(
      run('dockerNetworks.showPorts', { container: stopped }),
      /is created: looking from inside it needs it running/,
    );
  });
});

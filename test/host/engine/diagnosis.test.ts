// Diagnose Connectivity in the real VS Code: the command's arguments checked before anything runs,
// its result as the contract says, the panel with the checks, and a fix applied from the panel
// that makes the next run pass. Real helper containers on the private engine; none left behind.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi, PanelView } from '../../../src/api';
import { HELPER_LABEL } from '../../../src/engine/helper';
import { CHECK_IDS, type DiagnosisResult } from '../../../src/model/diagnosis';
import type { DiagnosisView, ToPanel } from '../../../src/webview/protocol';
import { Cleanup, docker, uniqueName, waitFor } from '../../support/docker';
import { readyApi, setSetting } from '../helpers';

describe('Diagnose Connectivity', function () {
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
    await cleanup.run();
  });

  const diagnose = async (args: Record<string, unknown>) =>
    vscode.commands.executeCommand<DiagnosisResult>('dockerNetworks.diagnoseConnectivity', args);

  async function helpersLeft(): Promise<string[]> {
    return (await docker('ps', '-aq', '--filter', `label=${HELPER_LABEL}`)).split('\n').filter(Boolean);
  }

  async function pair(serverNetwork?: string): Promise<{ net: string; server: string; client: string }> {
    const net = cleanup.network(uniqueName('dn-hdiag'));
    await docker('network', 'create', net);
    const server = cleanup.container(uniqueName('dn-hdiag-server'));
    const client = cleanup.container(uniqueName('dn-hdiag-client'));
    await docker(
      'run',
      '-d',
      '--name',
      server,
      '--network',
      serverNetwork ?? net,
      'tiny:latest',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '8080',
    );
    await docker('run', '-d', '--name', client, '--network', net, 'tiny:latest', 'sleep', '600');
    await waitFor('both containers in the model', () =>
      [server, client].every((c) =>
        api.snapshot().engines[0].networks.some((n) => n.endpoints.some((e) => e.containerName === c)),
      ),
    );
    return { net, server, client };
  }

  it('refuses arguments it cannot use before anything runs', async () => {
    const { server, client } = await pair();
    const before = await helpersLeft();
    for (const [args, message] of [
      [{ source: client, target: 'not a name!' }, /"target" is a container/],
      [{ source: client, target: server, port: 70000 }, /"port" is a whole number/],
      [{ source: client, target: server, port: 80.5 }, /"port" is a whole number/],
      [{ source: client, target: server, protocol: 'icmp' }, /"protocol" is tcp or udp/],
      [{ source: client, target: client }, /is the source itself/],
      [{ source: 'no-such-container', target: server }, /There is no container "no-such-container"/],
      [{ source: client, target: server, colour: 'blue' }, /colour/],
      [{ target: server }, /source/],
    ] as const)
      await assert.rejects(diagnose(args), message, JSON.stringify(args));
    assert.deepStrictEqual(await helpersLeft(), before);
  });

  it('returns every check as the contract says, without a panel when show is false', async () => {
    const { server, client } = await pair();
    const editors = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    const result = await diagnose({ source: client, target: server, port: 8080, show: false });
    assert.strictEqual(result.reachable, true, result.verdict);
    assert.match(result.verdict, /reachable on port 8080/);
    assert.deepStrictEqual(
      result.checks.map((c) => c.id),
      [...CHECK_IDS],
    );
    for (const c of result.checks) {
      assert.ok(['pass', 'fail', 'skip'].includes(c.status), c.id);
      assert.strictEqual(typeof c.title, 'string');
      assert.strictEqual(typeof c.detail, 'string');
    }
    assert.strictEqual(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, editors, 'no panel opened');
    assert.deepStrictEqual(await helpersLeft(), []);
  });

  it('shows the checks in a panel, and the fix applied from the panel makes the next run pass', async () => {
    const other = cleanup.network(uniqueName('dn-hdiag-other'));
    await docker('network', 'create', other);
    const { server, client } = await pair(other);
    const result = await diagnose({ source: client, target: server, port: 8080 });
    assert.strictEqual(result.reachable, false);
    assert.strictEqual(result.checks.find((c) => c.status === 'fail')?.id, 'shared-network');
    const fix = result.checks.find((c) => c.id === 'shared-network')!.fix!;
    assert.strictEqual(fix.command, 'dockerNetworks.connectContainer');

    const panel = await waitFor('the diagnosis panel', () => api.panels().find((p) => p.kind === 'diagnosis'));
    assert.strictEqual(panel.title, `Diagnose: ${client} → ${server}:8080`);
    const view = await shownView(panel, (v) => v.state === 'done');
    assert.strictEqual(view.reachable, false);
    assert.strictEqual(view.checks.length, CHECK_IDS.length);
    const failing = view.checks.find((c) => c.id === 'shared-network')!;
    assert.strictEqual(failing.status, 'fail');
    assert.strictEqual(failing.fix, fix.title);

    await panel.fromPage({ type: 'fix', check: 'shared-network' });
    const after = await shownView(panel, (v) => v.state === 'done' && v.reachable === true);
    assert.ok(
      after.checks.every((c) => c.status !== 'fail'),
      JSON.stringify(after.checks),
    );
    const networks = await docker(
      'inspect',
      '-f',
      '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}',
      client,
    );
    assert.ok(networks.split(' ').includes(other), networks);
    assert.deepStrictEqual(await helpersLeft(), []);
  });

  describe('each case of the issue, through the command', () => {
    const SLEEP = ['tiny:latest', 'sleep', '600'];
    const SERVE = (address: string) => ['tiny:latest', 'busybox', 'httpd', '-f', '-p', address];
    async function on(net: string, ...run: string[]): Promise<string> {
      const name = cleanup.container(uniqueName('dn-hcase'));
      await docker('run', '-d', '--name', name, '--network', net, ...run);
      return name;
    }
    async function network(...options: string[]): Promise<string> {
      const name = cleanup.network(uniqueName('dn-hcase-net'));
      await docker('network', 'create', ...options, name);
      return name;
    }
    async function inModel(...names: string[]): Promise<void> {
      await waitFor('the containers in the model', () =>
        names.every((c) =>
          api.snapshot().engines[0].networks.some((n) => n.endpoints.some((e) => e.containerName === c)),
        ),
      );
    }
    async function check(args: Record<string, unknown>, failing: string | undefined, verdict: RegExp) {
      const started = Date.now();
      const result = await diagnose({ ...args, show: false });
      console.log(
        `      ${JSON.stringify(args.target)}${args.port ? `:${args.port}` : ''}: ${result.verdict} (${Date.now() - started} ms)`,
      );
      assert.strictEqual(result.reachable, failing === undefined, result.verdict);
      if (failing)
        assert.strictEqual(result.checks.find((c) => c.id === failing)?.status, 'fail', JSON.stringify(result.checks));
      assert.match(result.verdict, verdict);
      assert.deepStrictEqual(await helpersLeft(), []);
    }

    it('the default bridge: by name no resolution, by address reachable', async () => {
      const server = await on('bridge', ...SERVE('8080'));
      const client = await on('bridge', ...SLEEP);
      await inModel(server, client);
      await check({ source: client, target: server, port: 8080 }, 'name-resolves', /no name resolution/);
      const address = (await docker('inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}}', server)).trim();
      await check({ source: client, target: address, port: 8080 }, undefined, /reachable on port 8080/);
    });

    it('enable_icc=false', async () => {
      const net = await network('-o', 'com.docker.network.bridge.enable_icc=false');
      const server = await on(net, ...SERVE('8080'));
      const client = await on(net, ...SLEEP);
      await inModel(server, client);
      await check({ source: client, target: server, port: 8080 }, 'icc', /blocks traffic between its containers/);
    });

    it('an internal network to the internet', async () => {
      const client = await on(await network('--internal'), ...SLEEP);
      await inModel(client);
      await check({ source: client, target: 'internet' }, 'internal', /only on internal networks/);
    });

    it('a listener bound to 127.0.0.1 only', async () => {
      const net = await network();
      const server = await on(net, ...SERVE('127.0.0.1:8080'));
      const client = await on(net, ...SLEEP);
      await inModel(server, client);
      await check({ source: client, target: server, port: 8080 }, 'target-listening', /only on 127\.0\.0\.1/);
    });

    it('nothing listening', async () => {
      const net = await network();
      const server = await on(net, ...SLEEP);
      const client = await on(net, ...SLEEP);
      await inModel(server, client);
      await check({ source: client, target: server, port: 8080 }, 'port-open', /Nothing listens on port 8080/);
    });

    it('the target stopped', async () => {
      const net = await network();
      const server = await on(net, ...SLEEP);
      const client = await on(net, ...SLEEP);
      await docker('stop', '-t', '0', server);
      await waitFor('the target stopped in the model', () =>
        api
          .snapshot()
          .engines[0].networks.some((n) => n.endpoints.some((e) => e.containerName === server && e.state === 'exited')),
      );
      await check({ source: client, target: server, port: 8080 }, 'target-running', /is not running/);
    });

    it('a remote engine over TLS', async () => {
      const host = process.env.DN_TLS_HOST;
      const dir = process.env.DN_TLS_DIR;
      if (!host || !dir) throw new Error('DN_TLS_HOST and DN_TLS_DIR are not set: run through scripts/test.sh');
      await setSetting('engines', [
        {
          name: 'over-tls',
          host,
          tlsCaFile: `${dir}/client/ca.pem`,
          tlsCertFile: `${dir}/client/cert.pem`,
          tlsKeyFile: `${dir}/client/key.pem`,
        },
      ]);
      try {
        await waitFor(
          'the TLS engine ready',
          () => api.snapshot().engines.find((e) => e.name === 'over-tls')?.status === 'ready',
        );
        const net = await network();
        const server = await on(net, ...SERVE('8080'));
        const client = await on(net, ...SLEEP);
        await waitFor('the containers on the TLS engine', () =>
          api
            .snapshot()
            .engines.find((e) => e.name === 'over-tls')
            ?.networks.some((n) => n.name === net && n.endpoints.length === 2),
        );
        await check(
          { source: client, target: server, port: 8080, engine: 'over-tls' },
          undefined,
          /reachable on port 8080/,
        );
      } finally {
        await setSetting('engines', undefined);
      }
    });
  });

  it('ignores a page asking for a fix that was not offered', async () => {
    const { server, client } = await pair();
    await diagnose({ source: client, target: server, port: 8080 });
    const panel = await waitFor('the diagnosis panel', () => api.panels().find((p) => p.kind === 'diagnosis'));
    await shownView(panel, (v) => v.state === 'done');
    const seq = api.messages().at(-1)?.seq ?? 0;
    await panel.fromPage({ type: 'fix', check: 'shared-network' });
    await panel.fromPage({ type: 'fix', check: '__proto__' });
    assert.deepStrictEqual(
      api.messages().filter((m) => m.seq > seq),
      [],
    );
  });

  async function shownView(panel: PanelView, check: (v: DiagnosisView) => boolean): Promise<DiagnosisView> {
    return waitFor('the diagnosis panel to show the result', () => {
      const m = api.panels().find((p) => p.title === panel.title)?.shown as ToPanel | undefined;
      return m?.type === 'diagnosis' && check(m.view) && m.view;
    });
  }
});

// The panels in the real VS Code: the network panel for every driver, live after a CLI connect,
// its actions; the container networking panel; the topology; a network removed while open.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi, PanelView } from '../../../src/api';
import type { ToPanel } from '../../../src/webview/protocol';
import { Commands } from '../../../src/commands/ids';
import {
  Cleanup,
  DEFAULT_WAIT_MS,
  docker,
  dockerAt,
  run,
  runPlantedContainer,
  uniqueName,
  waitFor,
} from '../../support/docker';
import { extensionApi, setSetting, showView } from '../helpers';

type Shown<T extends ToPanel['type']> = Extract<ToPanel, { type: T }>;

describe('Panels', function () {
  this.timeout(120_000);
  let api: DockerNetworksApi;
  const cleanup = new Cleanup();
  before(async () => {
    api = await extensionApi();
    await showView();
    await waitFor('the engine', () => api.snapshot().engines[0].status === 'ready');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await cleanup.run();
  });

  const panel = (title: string) => waitFor(`the panel "${title}"`, () => api.panels().find((p) => p.title === title));
  async function shown<T extends ToPanel['type']>(
    p: PanelView,
    type: T,
    check: (m: Shown<T>) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<Shown<T>> {
    return waitFor(
      `the panel showing ${type}`,
      () => {
        const m = api.panels().find((x) => x.title === p.title)?.shown;
        return m?.type === type && check(m as Shown<T>) && (m as Shown<T>);
      },
      timeoutMs,
      20,
    );
  }
  const networkPanel = async (network: string, engine?: string) => {
    await vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network, ...(engine ? { engine } : {}) });
    const p = await panel(`Network: ${network}`);
    return { p, view: (await shown(p, 'network')).view };
  };

  it('opens for host, none and the default bridge (which has no Gateway)', async () => {
    const c = cleanup.container(uniqueName('dn-onhost'));
    await docker('run', '-d', '--name', c, '--network', 'host', 'tiny:latest', 'sleep', '300');
    await waitFor('the container on host', () =>
      api
        .snapshot()
        .engines[0].networks.find((n) => n.name === 'host')
        ?.endpoints.some((e) => e.containerName === c),
    );
    const host = await networkPanel('host');
    assert.strictEqual(host.view.driver, 'host');
    assert.strictEqual(host.view.connectable, false);
    assert.ok(host.view.containers.some((x) => x.name === c));
    const none = await networkPanel('none');
    assert.strictEqual(none.view.driver, 'null');
    const bridge = await networkPanel('bridge');
    assert.ok(bridge.view.builtIn);
    assert.ok(bridge.view.ipam.configs[0].subnet);
    assert.match(bridge.view.json, /"Name": "bridge"/);
  });

  it('shows an IPv6 network with its containers, stopped ones included, and follows a CLI connect', async () => {
    const net = cleanup.network(uniqueName('dn-p6'));
    await docker(
      'network',
      'create',
      '--ipv6',
      '--subnet',
      '10.250.110.0/24',
      '--subnet',
      'fd00:110::/64',
      '--label',
      'tier=<b>db</b>',
      net,
    );
    const stopped = cleanup.container(uniqueName('dn-stopped'));
    await docker('create', '--name', stopped, '--network', net, '--ip', '10.250.110.20', 'tiny:latest', 'sleep', '300');
    const { p } = await networkPanel(net);
    // The panel follows the engine: wait for the view with the container made just before.
    const { view } = await shown(p, 'network', (m) => m.view.containers.length === 1);
    assert.deepStrictEqual(view.labels, [['tier', '<b>db</b>']]);
    assert.deepStrictEqual(
      view.ipam.configs.map((c) => c.subnet),
      ['10.250.110.0/24', 'fd00:110::/64'],
    );
    assert.deepStrictEqual(
      view.containers.map((c) => [c.name, c.state, c.ipv4]),
      [[stopped, 'created', '10.250.110.20']],
    );
    assert.strictEqual(view.ipam.configs[0].used, 1);
    assert.strictEqual(view.ipam.configs[0].total, '254');

    const running = cleanup.container(uniqueName('dn-live'));
    await docker('run', '-d', '--name', running, 'tiny:latest', 'sleep', '300');
    await docker('network', 'connect', '--alias', 'live-alias', net, running);
    // Logged for reading, not asserted: the benchmark measures how fast (bench/).
    const started = Date.now();
    await shown(p, 'network', (m) => m.view.containers.some((c) => c.name === running && !!c.ipv4 && !!c.ipv6));
    console.log(`[host] docker network connect returned → inspect panel shows it: ${Date.now() - started} ms`);
    const after = await shown(p, 'network', (m) =>
      m.view.containers.some((c) => c.name === running && c.aliases.length > 0),
    );
    const live = after.view.containers.find((c) => c.name === running)!;
    assert.ok(live.aliases.includes('live-alias'), 'aliases from the container inspect');
    assert.match(live.ipv6 ?? '', /^fd00:110::/);
  });

  it('reads nothing again for a change on another network, and follows one on its own', async () => {
    const [mine, other] = [cleanup.network(uniqueName('dn-mine')), cleanup.network(uniqueName('dn-other'))];
    await docker('network', 'create', mine);
    await docker('network', 'create', other);
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '300');
    const { p } = await networkPanel(mine);
    const counts = () => api.panels().find((x) => x.title === p.title)!.storeChanges;
    const before = counts();

    await docker('network', 'connect', other, c);
    await waitFor(
      'the connect elsewhere in the store, passed over by the panel',
      () => counts().passed > before.passed,
    );
    assert.strictEqual(counts().followed, before.followed, 'a change on another network made the panel read again');

    await docker('network', 'connect', mine, c);
    await shown(p, 'network', (m) => m.view.containers.some((x) => x.name === c));
    assert.ok(counts().followed > before.followed);
  });

  it('shows a macvlan network', async () => {
    const parent = cleanup.link(`dnvp${(process.pid % 10000).toString(36)}a`);
    await run('ip', 'link', 'add', parent, 'type', 'veth', 'peer', 'name', `${parent.slice(0, -1)}b`);
    await run('ip', 'link', 'set', parent, 'up');
    const net = cleanup.network(uniqueName('dn-pmac'));
    await docker('network', 'create', '-d', 'macvlan', '--subnet', '10.250.111.0/24', '-o', `parent=${parent}`, net);
    const c = cleanup.container(uniqueName('dn-mc'));
    await docker('run', '-d', '--name', c, '--network', net, 'tiny:latest', 'sleep', '300');
    const { p } = await networkPanel(net);
    const { view } = await shown(p, 'network', (m) => !!m.view.containers[0]?.ipv4);
    assert.strictEqual(view.driver, 'macvlan');
    assert.deepStrictEqual(view.options, [['parent', parent]]);
    assert.match(view.containers[0]?.ipv4 ?? '', /^10\.250\.111\./);
  });

  it('shows an overlay network of a swarm manager with services, tasks and nodes', async () => {
    const host = process.env.DN_SWARM_HOST!;
    const swarm = new Cleanup(host);
    try {
      const net = swarm.network(uniqueName('dn-pov'));
      await dockerAt(host, 'network', 'create', '-d', 'overlay', '--attachable', '--subnet', '10.251.5.0/24', net);
      const svc = swarm.service(uniqueName('dn-psvc'));
      await dockerAt(
        host,
        'service',
        'create',
        '-d',
        '--name',
        svc,
        '--replicas',
        '2',
        '--network',
        net,
        'tiny:latest',
        'sleep',
        '300',
      );
      await setSetting('engines', [{ name: 'swarm', host }]);
      await waitFor('the swarm engine', () =>
        api
          .snapshot()
          .engines.find((e) => e.name === 'swarm')
          ?.networks.some((n) => n.name === net),
      );
      await vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: net, engine: 'swarm' });
      const p = await panel(`Network: ${net}`);
      const { view } = await shown(
        p,
        'network',
        (m) => m.view.swarm?.services.find((s) => s.name === svc)?.tasks.length === 2,
        30_000,
      );
      assert.strictEqual(view.scope, 'swarm');
      assert.match(view.swarm!.loadBalancer?.ipv4 ?? '', /^10\.251\.5\./);
      assert.strictEqual(view.swarm!.peers.length, 1);
    } finally {
      await setSetting('engines', undefined);
      await swarm.run();
    }
  });

  it('acts on what it showed and ignores what it did not', async () => {
    const net = cleanup.network(uniqueName('dn-pact'));
    await docker('network', 'create', net);
    const c = cleanup.container(uniqueName('dn-pc'));
    await docker('run', '-d', '--name', c, '--network', net, 'tiny:latest', 'sleep', '300');
    const { p, view } = await networkPanel(net);
    await waitFor('the container in the panel', async () => (await shown(p, 'network')).view.containers.length === 1);
    const containerId = (await shown(p, 'network')).view.containers[0].id;

    await p.fromPage({ type: 'copy', text: view.id });
    assert.strictEqual(await vscode.env.clipboard.readText(), view.id);

    // A forged request for a container the panel never showed does nothing.
    await p.fromPage({ type: 'disconnect', network: view.id, container: 'not-shown' });
    await p.fromPage({ type: 'disconnect', network: 'another-network', container: containerId });
    await p.fromPage({ type: 'rm -rf', network: view.id });
    assert.notStrictEqual(
      JSON.parse(await docker('inspect', c, '--format', `{{json (index .NetworkSettings.Networks "${net}")}}`)),
      null,
      'still connected',
    );

    await p.fromPage({ type: 'openJson' });
    const doc = await waitFor(
      'the JSON document',
      () => vscode.window.activeTextEditor?.document.languageId === 'json' && vscode.window.activeTextEditor.document,
    );
    assert.strictEqual(JSON.parse(doc.getText()).Id, view.id);

    await p.fromPage({ type: 'inspectContainer', container: containerId });
    const cp = await panel(`Container: ${c}`);
    const cv = (await shown(cp, 'container')).view;
    assert.deepStrictEqual(
      cv.networks.map((n) => n.network),
      [net],
    );
    assert.match(cv.networks[0].ipv4 ?? '', /\/\d+$/);
    assert.ok(cv.networks[0].gateway);
  });

  it('runs the public commands from its buttons: Connect asks which containers, as from the tree', async () => {
    const net = cleanup.network(uniqueName('dn-pconn'));
    await docker('network', 'create', net);
    const c = cleanup.container(uniqueName('dn-pconn-c'));
    await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '300');
    await waitFor('the container in the model', () =>
      api
        .snapshot()
        .engines[0].networks.find((n) => n.name === 'bridge')
        ?.endpoints.some((e) => e.containerName === c),
    );
    const { p } = await networkPanel(net);
    const before = api.messages().at(-1)?.seq ?? 0;
    const pressed = p.fromPage({ type: 'connect' });
    const pick = await waitFor('the containers to connect', () =>
      api.messages().find((m) => m.seq > before && m.kind === 'pick'),
    );
    assert.strictEqual(pick.message, `Connect to ${net}`);
    assert.ok(pick.actions.includes(c), pick.actions.join(', '));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await pressed;
    assert.ok(!api.messages().some((m) => m.seq > before && m.kind === 'error'), 'dismissing is no failure');
  });

  it('from the palette, asks for the engine first when there are several', async () => {
    // A second engine at another address (the same one would stand in for the default engine).
    const host = process.env.DN_SWARM_HOST;
    assert.ok(host, 'the swarm engine is running (scripts/test.sh sets DN_SWARM_HOST)');
    await setSetting('engines', [{ name: 'second', host }]);
    try {
      await waitFor(
        'two engines',
        () => api.snapshot().engines.length === 2 && api.snapshot().engines.every((e) => e.status === 'ready'),
      );
      const before = api.messages().at(-1)?.seq ?? 0;
      const running = Promise.resolve(vscode.commands.executeCommand('dockerNetworks.inspectNetwork'));
      const pick = await waitFor('the engine question', () =>
        api.messages().find((m) => m.seq > before && m.kind === 'pick'),
      );
      assert.strictEqual(pick.message, 'Inspect Network');
      assert.deepStrictEqual(pick.actions, ['default', 'second']);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.strictEqual(await running, undefined);
    } finally {
      await setSetting('engines', undefined);
      await waitFor('one engine again', () => api.snapshot().engines.length === 1);
    }
  });

  it('says so when its network is removed', async () => {
    const net = cleanup.network(uniqueName('dn-pgone'));
    await docker('network', 'create', net);
    const { p } = await networkPanel(net);
    await docker('network', 'rm', net);
    const problem = await shown(p, 'problem', () => true);
    assert.ok(problem.gone);
    assert.match(problem.message, /was removed/);
  });

  it('shows the container networking panel for a container with published ports', async () => {
    const c = cleanup.container(uniqueName('dn-ports'));
    await docker(
      'run',
      '-d',
      '--name',
      c,
      '-p',
      '127.0.0.1:18080:80',
      '--dns',
      '10.9.9.9',
      'tiny:latest',
      'sleep',
      '300',
    );
    await vscode.commands.executeCommand('dockerNetworks.showContainerNetworking', { container: c });
    const p = await panel(`Container: ${c}`);
    const { view } = await shown(p, 'container');
    assert.deepStrictEqual(view.ports, [{ container: '80/tcp', host: '127.0.0.1:18080' }]);
    assert.deepStrictEqual(view.dns.servers, ['10.9.9.9']);
    assert.strictEqual(view.networkMode, 'default');
    assert.deepStrictEqual(
      view.networks.map((n) => n.network),
      ['bridge'],
    );
  });

  it('draws the topology and follows changes', async () => {
    const net = cleanup.network(uniqueName('dn-topo'));
    await docker('network', 'create', '--subnet', '10.250.112.0/24', net);
    const c = cleanup.container(uniqueName('dn-tc'));
    await docker('run', '-d', '--name', c, '--network', net, '--ip', '10.250.112.7', 'tiny:latest', 'sleep', '300');
    await vscode.commands.executeCommand('dockerNetworks.showTopology', {});
    const p = await panel('Topology: default');
    const { view } = await shown(p, 'topology', (m) => m.view.networks.some((n) => n.name === net));
    const networkId = view.networks.find((n) => n.name === net)!.id;
    const containerId = view.containers.find((x) => x.name === c)!.id;
    assert.deepStrictEqual(
      view.edges.find((e) => e.container === containerId && e.network === networkId)?.ip,
      '10.250.112.7',
    );
    await docker('network', 'disconnect', net, c);
    await shown(p, 'topology', (m) => !m.view.edges.some((e) => e.network === networkId));
    // Clicking a node reveals it in the tree.
    await p.fromPage({ type: 'reveal', network: networkId });
    await waitFor('the network selected in the tree', () =>
      api.viewState().selection?.includes(`default/network/${networkId}`),
    );
  });

  it("Show Address Space opens the topology at the engine's pools: each network in its pool, the host's routes looked at", async () => {
    const net = cleanup.network(uniqueName('dn-space'));
    // No subnet: it takes one from the engine's default pool (scripts/engine.sh: 10.128.0.0/9 of /24s).
    await docker('network', 'create', net);
    await vscode.commands.executeCommand(Commands.showAddressSpace, {});
    const p = await panel('Topology: default');
    const { view } = await shown(
      p,
      'topology',
      (m) => !!m.view.focusAddressSpace && !!m.view.addressSpace?.pools[0]?.networks.some((n) => n.name === net),
    );
    const space = view.addressSpace!;
    assert.strictEqual(space.fromEngine, true);
    assert.deepStrictEqual(
      space.pools.map((x) => [x.base, x.size, x.total]),
      [['10.128.0.0/9', 24, 32768]],
    );
    const mine = space.pools[0].networks.find((n) => n.name === net)!;
    assert.match(mine.subnet, /^10\.\d+\.\d+\.0\/24$/);
    assert.strictEqual(mine.prunable, true);
    assert.strictEqual(space.routesChecked, true);
    assert.ok(!space.hostOverlaps.some((o) => o.network === net), 'its route is its own bridge');
    assert.ok(space.fitsLeft < 32768 && space.fitsLeft > 30_000 && !space.warning);
    // Asked again, the page is told again (it opens the section and scrolls to it).
    await vscode.commands.executeCommand(Commands.showAddressSpace, {});
    await shown(p, 'topology', (m) => m.view.focusAddressSpace === view.focusAddressSpace! + 1);
  });

  it("shows the host plumbing: the bridge, and each container's eth ⇄ veth on it, in the panel, the tooltip and the topology", async () => {
    const net = cleanup.network(uniqueName('dn-plumb'));
    await docker('network', 'create', '--subnet', '10.250.113.0/24', net);
    const c = cleanup.container(uniqueName('dn-plumb-c'));
    await docker('run', '-d', '--name', c, '--network', net, 'tiny:latest', 'sleep', '300');
    const iflink = await docker('exec', c, 'cat', '/sys/class/net/eth0/iflink');
    const hostEnd = /^\d+: ([^:@]+)/.exec(
      (await run('ip', '-o', 'link', 'show')).split('\n').find((l) => l.startsWith(`${iflink}: `)) ?? '',
    )?.[1];
    assert.ok(hostEnd, 'the kernel names the host end');
    const { p } = await networkPanel(net);
    const { view } = await shown(
      p,
      'network',
      (m) => !!m.view.plumbing?.rows.some((r) => r.container === c && r.hostPeer),
    );
    const bridge = `br-${view.id.slice(0, 12)}`;
    assert.strictEqual(view.plumbing?.bridge?.name, bridge);
    assert.ok(view.plumbing?.bridge?.addresses.includes('10.250.113.1/24'));
    assert.deepStrictEqual(
      view.plumbing?.rows.find((r) => r.container === c),
      { container: c, ifName: 'eth0', hostPeer: hostEnd, master: bridge },
    );

    const networkItem = (await api.treeItems()).find((i) => i.label === net)!;
    const [item] = await api.treeItems(networkItem.id, { tooltips: true });
    assert.ok(item.tooltip?.includes(`\`${hostEnd}\``) && item.tooltip.includes(`\`${bridge}\``), item.tooltip);

    await vscode.commands.executeCommand('dockerNetworks.showTopology', {});
    const t = await panel('Topology: default');
    await shown(t, 'topology', (m) => m.view.networks.some((n) => n.id === view.id));
    await t.fromPage({ type: 'plumbing', on: true });
    const layer = (await shown(t, 'topology', (m) => !!m.view.plumbing)).view.plumbing!;
    assert.ok(layer.networks.some((n) => n.id === view.id && n.bridge === bridge));
    assert.ok(layer.links.some((l) => l.network === view.id && l.ifName === 'eth0' && l.hostPeer === hostEnd));
    await t.fromPage({ type: 'plumbing', on: false });
    await shown(t, 'topology', (m) => !m.view.plumbing);
  });

  it('a container that plants files in its /sys: the panel and the tooltip say they could not read it, other panels work', async () => {
    const net = cleanup.network(uniqueName('dn-pplant'));
    await docker('network', 'create', '--subnet', '10.250.114.0/24', net);
    const planted = cleanup.container(uniqueName('dn-pplant-c'));
    await runPlantedContainer(planted, net);
    const { p } = await networkPanel(net);
    await shown(
      p,
      'network',
      (m) => m.view.plumbing?.rows.find((r) => r.container === planted)?.problem === 'unreadable',
    );
    const networkItem = (await api.treeItems()).find((i) => i.label === net)!;
    const [item] = await api.treeItems(networkItem.id, { tooltips: true });
    assert.match(item.tooltip ?? '', /could not read its interfaces/);
    // Another network's panel reads its plumbing as usual meanwhile.
    const other = cleanup.network(uniqueName('dn-pplain'));
    await docker('network', 'create', '--subnet', '10.250.115.0/24', other);
    const c = cleanup.container(uniqueName('dn-pplain-c'));
    await docker('run', '-d', '--name', c, '--network', other, 'tiny:latest', 'sleep', '300');
    const second = await networkPanel(other);
    await shown(second.p, 'network', (m) => !!m.view.plumbing?.rows.some((r) => r.container === c && r.hostPeer));
  });
});

// A multi-node swarm as a person sees it in the real UI with the packaged extension: the three
// nodes of scripts/swarm-world.sh as three engines, an attachable overlay with containers on two
// of them and a service across all three. Screenshot: test-results/e2e/20-swarm-nodes.png.
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const world = join(root, 'scripts', 'swarm-world.sh');

describe('a three-node swarm in the real UI', function () {
  let wb;
  let env = {};
  const on = (node, ...args) =>
    execFileSync('docker', args, {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: env[`DN_NODE_HOST_${node}`] },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const net = 'shop-net';

  before(async () => {
    const out = execFileSync('bash', [world, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    env = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    assert.ok(env.DN_NODES_DIR, 'the three-node world started');
    on(1, 'network', 'create', '-d', 'overlay', '--attachable', '--subnet', '10.210.0.0/24', net);
    on(1, 'run', '-d', '--name', 'web', '--network', net, 'tiny:latest', 'sleep', '3600');
    on(3, 'run', '-d', '--name', 'api', '--network', net, 'tiny:latest', 'sleep', '3600');
    on(
      1,
      'service',
      'create',
      '-d',
      '--name',
      'cache',
      '--replicas',
      '3',
      '--network',
      net,
      'tiny:latest',
      'sleep',
      '3600',
    );
    wb = await openWorkbench({
      settings: {
        'dockerNetworks.includeDefaultEngine': false,
        'dockerNetworks.showBuiltInNetworks': false,
        'dockerNetworks.engines': [1, 2, 3].map((i) => ({ name: `node-${i}`, host: env[`DN_NODE_HOST_${i}`] })),
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    if (env.DN_NODES_DIR) execFileSync('bash', [world, 'stop', env.DN_NODES_DIR], { stdio: 'inherit' });
  });

  it("shows the overlay on each node, its containers and tasks by node, and the swarm's nodes", async () => {
    const { page } = wb;
    await page.locator('.activitybar .action-item a[aria-label^="Docker"]').first().click();
    // Wide enough to read the descriptions: drag the side bar's edge.
    const bar = await page.locator('.part.sidebar').boundingBox();
    await page.mouse.move(bar.x + bar.width + 1, 400);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width + 380, 400, { steps: 8 });
    await page.mouse.up();
    await wb.row('node-1').waitFor({ timeout: 30_000 });
    // node-2 is a second manager and shows the same: fold it away.
    await wb.row(net).waitFor({ timeout: 30_000 });
    // Wait for the managers' node lists before folding: they add rows, which moves the rest.
    await page.locator('.monaco-list-row[aria-label^="Swarm nodes"]').nth(1).waitFor({ timeout: 30_000 });
    await wb.setExpanded(wb.row('node-2'), false);
    const expand = (row) => wb.setExpanded(row, true);
    const overlay = wb.row(net);
    assert.match(
      (await overlay.innerText()).replace(/\s+/g, ' '),
      /overlay · swarm · 10\.210\.0\.0\/24 · on 3 engines/,
    );
    await expand(overlay);
    await expand(wb.row('Swarm nodes'));
    await expand(wb.row('On other nodes'));
    await expand(wb.row('Services'));
    await expand(page.locator('.monaco-list-row', { hasText: 'VIP 10.210.0.' }).first());
    // The worker's container, seen from the manager, and the service's three tasks on three nodes.
    await page
      .locator('.monaco-list-row[aria-label^="api"]', { hasText: 'on dn-node-3' })
      .first()
      .waitFor({ timeout: 20_000 });
    for (const node of ['dn-node-1', 'dn-node-2', 'dn-node-3']) {
      await page
        .locator('.monaco-list-row[aria-label^="cache."]', { hasText: `on ${node}` })
        .first()
        .waitFor({ timeout: 30_000 });
    }
    await expand(wb.row('Nodes'));
    await page.locator('.monaco-list-row', { hasText: '10.99.213.13 · ready' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.monaco-list-row', { hasText: 'manager (leader) · ready' }).first().waitFor();
    await wb.shot(join(shots, '20-swarm-nodes.png'));
  });
});

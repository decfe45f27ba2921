// Diagnose Connectivity as a person uses it: right-click a container, pick the target and the
// port, read the verdict, click the fix, and see the next run pass. Also: the helper image is
// missing, the person declines the pull, and nothing runs. Screenshots go to test-results/e2e.
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const quietly = (f) => {
  try {
    f();
  } catch {
    /* gone */
  }
};
const tag = `${process.pid}`;
/** The helper image as the setting names it: the engine's tiny busybox image, pushed to the private registry. */
const HELPER = `${process.env.DN_REGISTRY}/dn/e2e-helper:${process.pid}`;
const helpers = () => docker('ps', '-aq', '--filter', 'label=io.docker-networks.helper');

describe('diagnosis in the real UI', function () {
  let wb;
  const front = `e2e-front-${tag}`;
  const back = `e2e-back-${tag}`;
  const web = `e2e-shop-web-${tag}`;
  const db = `e2e-shop-db-${tag}`;
  before(async () => {
    if (!process.env.DOCKER_HOST?.includes(process.env.DN_ENGINE_DIR ?? '\0'))
      throw new Error('run with the private engine (scripts/test.sh)');
    docker('network', 'create', front);
    docker('network', 'create', back);
    docker('run', '-d', '--name', db, '--network', back, 'tiny:latest', 'busybox', 'httpd', '-f', '-p', '5432');
    docker('run', '-d', '--name', web, '--network', front, 'tiny:latest', 'sleep', '3600');
    if (!process.env.DN_REGISTRY)
      throw new Error('DN_REGISTRY is not set: run through scripts/test.sh (scripts/registry.sh)');
    docker('tag', 'tiny:latest', HELPER);
    docker('push', '-q', HELPER);
    wb = await openWorkbench({ settings: { 'dockerNetworks.diagnostics.image': HELPER } });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  /** The run's progress notification closes a moment after the panel shows the result. */
  const progressGone = () =>
    wb.page.locator('.notification-toast', { hasText: 'Diagnosing' }).waitFor({ state: 'detached', timeout: 20_000 });
  after(async () => {
    await wb?.close();
    quietly(() => docker('rm', '-f', web, db));
    quietly(() => docker('network', 'rm', front, back));
    quietly(() => docker('rmi', HELPER));
  });

  it('finds that two containers share no network, and the fix makes them reach each other', async () => {
    await wb.openView();
    const row = wb.row(front);
    await row.waitFor();
    await wb.setExpanded(row);
    await wb.row(web).waitFor();
    await wb.contextMenu(web, 'Diagnose Connectivity…');
    await wb.pick(db);
    await wb.answer('5432');
    const frame = await wb.webview('.verdict.fail', 90_000);
    const verdict = await frame.locator('.verdict').innerText();
    assert.match(verdict, /share no network/);
    const failing = frame.locator('li.check-fail[data-check="shared-network"]');
    await failing.waitFor();
    await progressGone();
    await wb.shot(join(shots, 'diagnosis-fail.png'));

    await failing.locator('vscode-button').click();
    await frame.locator('.verdict.pass').waitFor({ timeout: 90_000 });
    assert.match(await frame.locator('.verdict').innerText(), /reachable on port 5432/);
    assert.strictEqual(await frame.locator('li.check-fail').count(), 0);
    // The evidence of a check, opened as a person would.
    await frame.locator('li[data-check="name-resolves"] details summary').click();
    await progressGone();
    await wb.shot(join(shots, 'diagnosis.png'));
    assert.ok(docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', web).includes(`"${back}"`));
    assert.strictEqual(helpers(), '', 'no helper container is left');
  });

  it('shows which containers on a network reach which, the names a container resolves, and its ports', async () => {
    // After the fix above, web and db are both on the back network.
    await wb.contextMenu(back, 'Reachability…');
    let frame = await wb.webview('table.matrix', 90_000);
    assert.strictEqual(await frame.locator('table.matrix td[title]').count(), 2);
    await frame.locator('table.matrix td[title]').first().hover();
    await wb.page.waitForTimeout(300);
    await wb.shot(join(shots, 'reachability.png'));

    await wb.setExpanded(wb.row(back));
    await wb.contextMenu(web, 'Names on Networks…');
    frame = await wb.webview('h1', 60_000);
    await wb.page.locator('.tabs-container .tab', { hasText: `Names: ${web}` }).waitFor({ timeout: 30_000 });
    frame = await wb.webview('section table', 60_000);
    const names = await frame.locator('main#root').innerText();
    assert.match(names, new RegExp(db));
    assert.doesNotMatch(names, /failed/, 'every name resolves to an address it should');
    await wb.shot(join(shots, 'names.png'));
    assert.strictEqual(helpers(), '', 'no helper container is left');
  });

  it('asks before pulling a missing helper image, and stops cleanly when declined', async () => {
    // The setting names an image the engine has; untagged, the engine no longer has it.
    docker('rmi', HELPER);
    await wb.command('View: Close All Editors');
    try {
      await wb.contextMenu(web, 'Diagnose Connectivity…');
      await wb.pick(db);
      await wb.answer('5432');
      const text = await wb.dialogText();
      assert.match(text, new RegExp(`Pull ${HELPER} onto`));
      assert.match(text, /dockerNetworks\.diagnostics\.image/);
      await wb.dialog('Cancel');
      const frame = await wb.webview('.verdict.fail', 30_000);
      await frame.locator('.verdict', { hasText: 'was not pulled' }).waitFor({ timeout: 30_000 });
      assert.strictEqual(helpers(), '');
      assert.throws(() => docker('image', 'inspect', HELPER), 'nothing was pulled');
    } finally {
      docker('tag', 'tiny:latest', HELPER);
    }
  });

  it('asks before pulling a missing helper image, pulls it when asked to, and runs', async () => {
    docker('rmi', HELPER);
    await wb.command('View: Close All Editors');
    await wb.contextMenu(web, 'Diagnose Connectivity…');
    await wb.pick(db);
    await wb.answer('5432');
    assert.match(await wb.dialogText(), new RegExp(`Pull ${HELPER.replace(/[.]/g, '\\.')} onto`));
    await wb.dialog(`Pull ${HELPER}`);
    const frame = await wb.webview('.verdict.pass', 90_000);
    assert.match(await frame.locator('.verdict').innerText(), /reachable on port 5432/);
    assert.ok(docker('image', 'inspect', '-f', '{{.Id}}', HELPER), 'the image was pulled');
    assert.strictEqual(helpers(), '');
  });
});

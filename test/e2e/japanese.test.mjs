// The extension with VS Code's display language set to Japanese, in the real UI with the packaged
// extension: the tree, a step of Create Network, the inspect panel and a diagnosis speak Japanese.
// Screenshots: test-results/e2e/30-ja-tree.png, 31-ja-create.png, 32-ja-inspect.png,
// 33-ja-diagnosis.png, 34-ja-compose.png, 35/36-ja-edit-*.png, 37-ja-address-space.png.
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const net = `ja-app-${process.pid}`;
const web = `ja-web-${process.pid}`;
const api = `ja-api-${process.pid}`;

describe('the UI in Japanese', function () {
  let wb;
  before(async () => {
    if (!process.env.DOCKER_HOST?.includes(process.env.DN_ENGINE_DIR ?? '\0'))
      throw new Error('run with the private engine (scripts/test.sh)');
    docker('network', 'create', net);
    docker(
      'run',
      '-d',
      '--name',
      api,
      '--network',
      net,
      'tiny:latest',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '127.0.0.1:8080',
    );
    docker('run', '-d', '--name', web, '--network', net, 'tiny:latest', 'sleep', '3600');
    wb = await openWorkbench({
      locale: 'ja',
      settings: { 'dockerNetworks.diagnostics.image': 'tiny:latest', 'editor.minimap.enabled': false },
      files: {
        'ja-shop/compose.yaml': [
          'services:',
          '  web:',
          '    image: tiny:latest',
          '    networks: [front, corp]',
          'networks:',
          '  front:',
          `    name: ${net}`,
          '    external: true',
          '  corp:',
          '    external: true',
          '    name: corp-vpn',
          '',
        ].join('\n'),
      },
    });
    await wb.openView();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    for (const args of [
      ['rm', '-f', web, api],
      ['network', 'rm', net],
    ]) {
      try {
        docker(...args);
      } catch {
        /* gone */
      }
    }
  });

  it('shows the view and the tree in Japanese', async () => {
    const { page } = wb;
    assert.match(await page.locator('.part.sidebar .composite.title').first().innerText(), /ネットワーク/);
    assert.match((await wb.row('bridge').innerText()).replace(/\s+/g, ' '), /bridge · local · [\d./]+ · 組み込み/);
    await wb.shot(join(shots, '30-ja-tree.png'));
  });

  it('asks the steps of Create Network in Japanese', async () => {
    const { page } = wb;
    await wb.command('Docker ネットワーク: ネットワークを作成');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.waitFor();
    await page.waitForTimeout(500);
    assert.match(await quickInput.innerText(), /新しいネットワークの名前/);
    await wb.answer('ja_network');
    await page.waitForTimeout(500);
    assert.match(await quickInput.innerText(), /ドライバー|ブリッジ|bridge/);
    await wb.shot(join(shots, '31-ja-create.png'));
    await page.keyboard.press('Escape');
  });

  it('opens the inspect panel in Japanese', async () => {
    const { page } = wb;
    await wb.row('bridge').click();
    await wb
      .row('bridge')
      .locator('.action-label[aria-label^="ネットワークを調査"], .action-label.codicon-info')
      .first()
      .click();
    const frame = await wb.webview('h1');
    await frame.locator('table').first().waitFor();
    await page.waitForTimeout(800);
    assert.match(await frame.locator('main#root').innerText(), /コンテナー/);
    await wb.shot(join(shots, '32-ja-inspect.png'));
  });

  it('diagnoses a listener bound to 127.0.0.1 in Japanese', async () => {
    const row = wb.row(net);
    await row.waitFor();
    await wb.setExpanded(row);
    await wb.row(web).waitFor();
    await wb.contextMenu(web, '接続を診断…');
    await wb.pick(api);
    await wb.answer('8080');
    const frame = await wb.webview('.verdict.fail', 90_000);
    assert.match(await frame.locator('.verdict').innerText(), /127\.0\.0\.1/);
    assert.match(await frame.locator('main#root').innerText(), /チェック/);
    await wb.page
      .locator('.notification-toast')
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 })
      .catch(() => undefined);
    await wb.shot(join(shots, '33-ja-diagnosis.png'));
  });

  it("shows a Compose file's lenses, problems and hover in Japanese", async () => {
    const { page } = wb;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input.input');
    await input.waitFor();
    await input.fill('ja-shop/compose.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
    await page
      .locator('.codelens-decoration', { hasText: 'corp-vpn は default にありません' })
      .waitFor({ timeout: 60_000 });
    await page.locator('.codelens-decoration', { hasText: `default 上の ${net}` }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'corp-vpn' }).first().waitFor({ timeout: 30_000 });
    // The cursor on the service's `front` (the first of the two), then Show Hover.
    const word = page.locator('.monaco-editor .view-lines span span', { hasText: /^front$/ }).first();
    await word.waitFor();
    const box = await word.boundingBox();
    await page.mouse.click(box.x + 4, box.y + box.height / 2);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: net });
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /ドライバー/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shots, '34-ja-compose.png') });
    await page.keyboard.press('Escape');
  });

  it('previews an Edit Network in Japanese, and Cancel leaves it as it is', async () => {
    const id = docker('network', 'inspect', '--format', '{{.Id}}', net);
    await wb.command('View: Close All Editors');
    await wb.command('View: Close Panel');
    await wb.contextMenu(net, 'ネットワークを編集…');
    await wb.pick('内部 (internal');
    await wb.shot(join(shots, '35-ja-edit-form.png'));
    await wb.pick('変更を確認…');
    const text = await wb.dialogText();
    assert.match(text, /をこの変更で作り直しますか/);
    assert.match(text, /内部 \(internal\): オフ → オン/);
    assert.ok(text.includes(web) && text.includes(api), text);
    await wb.shot(join(shots, '36-ja-edit-preview.png'));
    // The dialog's own Cancel button is VS Code's, in whatever language the host has: Escape is Cancel.
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
    assert.strictEqual(docker('network', 'inspect', '--format', '{{.Id}}', net), id);
  });

  it('shows the address space in Japanese', async () => {
    await wb.command('Docker ネットワーク: アドレス空間を表示');
    const frame = await wb.webview('details.address-space[open] table', 30_000);
    const text = await frame.locator('details.address-space').innerText();
    assert.match(text, /既定のアドレス プール/);
    assert.ok(text.includes(net), text);
    await wb.page.waitForTimeout(800);
    await wb.shot(join(shots, '37-ja-address-space.png'));
  });
});

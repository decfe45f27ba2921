// The extension with VS Code's display language set to Japanese, in the real UI with the packaged
// extension: the tree, a step of Create Network and the inspect panel speak Japanese.
// Screenshots: test-results/e2e/30-ja-tree.png, 31-ja-create.png, 32-ja-inspect.png.
import assert from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });

describe('the UI in Japanese', function () {
  let wb;
  before(async () => {
    if (!process.env.DOCKER_HOST?.includes(process.env.DN_ENGINE_DIR ?? '\0'))
      throw new Error('run with the private engine (scripts/test.sh)');
    wb = await openWorkbench({ locale: 'ja' });
    await wb.openView();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
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
});

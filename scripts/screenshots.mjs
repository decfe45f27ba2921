// Takes the screenshots under docs/screenshots from the real VS Code (code-server) with the
// packaged extension, against the engine in DOCKER_HOST filled by scripts/demo-fill.sh:
//   eval "$(bash scripts/engine.sh start --pool=base=172.30.0.0/20,size=24)" &&
//   DN_DEMO_POOL_NETWORKS=11 bash scripts/demo-fill.sh && npm run package && node scripts/screenshots.mjs
// (a pool of 16 subnets, 3 left: the address space warns). tree, tooltip, inspect-network,
// create-network, container-networking and topology are taken without DN_DEMO_POOL_NETWORKS.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from '../test/e2e/workbench.mjs';

const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const theme = process.env.THEME ?? 'Default Dark Modern';
const suffixTheme = process.env.SUFFIX ?? '';

async function session(locale, suffix) {
  const wb = await openWorkbench({ settings: { 'workbench.colorTheme': theme }, ...(locale ? { locale } : {}) });
  const { page } = wb;
  try {
    await wb.openView();
    for (const name of ['shop_backend', 'shop_frontend']) {
      await wb.row(name).locator('.monaco-tl-twistie').click();
      await page.waitForTimeout(300);
    }
    await wb.shot(join(out, `tree${suffix}.png`));
    await wb.row('shop-api').hover();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(out, `tooltip${suffix}.png`) });

    await wb.row('shop_backend').click();
    await wb
      .row('shop_backend')
      .locator('.action-label[aria-label^="Inspect"], .action-label.codicon-info')
      .first()
      .click();
    const frame = await wb.webview('h1');
    await frame.locator('table').first().waitFor();
    await wb.iconsShown(frame);
    await page.waitForTimeout(800);
    await wb.shot(join(out, `inspect-network${suffix}.png`));

    await wb.command(locale === 'ja' ? 'Docker ネットワーク: ネットワークを作成' : 'Docker Networks: Create Network');
    await wb.answer('my_network');
    await page.keyboard.press('Enter'); // bridge
    await page.waitForTimeout(400);
    await page.keyboard.press('ArrowDown'); // More options…
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    await wb.shot(join(out, `create-network${suffix}.png`));
    await page.keyboard.press('Escape');

    await wb.contextMenu('shop_frontend', locale === 'ja' ? 'ネットワークを編集…' : 'Edit Network…');
    await wb.pick(locale === 'ja' ? 'サブネット' : 'Subnet');
    await wb.answer('10.201.9.0/24');
    await wb.pick(locale === 'ja' ? '接続可能 (attachable' : 'Attachable (standalone');
    await wb.pick(locale === 'ja' ? '変更を確認…' : 'Review Changes…');
    await wb.dialogText();
    await page.waitForTimeout(500);
    await wb.shot(join(out, `edit-network${suffix}.png`));
    await page.keyboard.press('Escape');

    await wb.command(
      locale === 'ja' ? 'Docker ネットワーク: アドレス空間を表示' : 'Docker Networks: Show Address Space',
    );
    await (await wb.webview('details.address-space[open] table')).locator('.meter').first().waitFor();
    await page.waitForTimeout(2500);
    await wb.shot(join(out, `address-space${suffix}.png`));
    await wb.command('View: Close All Editors');

    if (!locale) {
      await wb.command('Docker Networks: Container Networking');
      await wb.answer('shop-web');
      const frame = await wb.webview('h1');
      await frame.locator('table').first().waitFor();
      await wb.iconsShown(frame);
      await page.waitForTimeout(800);
      await wb.shot(join(out, `container-networking${suffix}.png`));

      await wb.command('Docker Networks: Show Topology');
      await (await wb.webview('#graph')).locator('canvas').first().waitFor();
      await page.waitForTimeout(2500);
      await wb.shot(join(out, `topology${suffix}.png`));
    }
    if (wb.pageErrors.length) console.log('page errors:', wb.pageErrors.join('\n'));
  } finally {
    await wb.close();
  }
}

await session(undefined, suffixTheme);
// Japanese needs a language pack in code-server; JA=1 tries it.
if (process.env.JA) await session('ja', '.ja');
console.log(`screenshots in ${out}`);

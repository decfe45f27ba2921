// Makes the walkthrough's images from the screenshots in docs/screenshots (real UI, taken by
// scripts/screenshots.mjs): scaled to 700 px wide in Debian's Chromium, so the package stays small.
//   node scripts/walkthrough-images.mjs
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const steps = {
  engine: 'tree',
  create: 'create-network',
  connect: 'container-networking',
  inspect: 'inspect-network',
  'diagnose-fail': 'diagnosis-fail',
  diagnose: 'diagnosis',
  reachability: 'reachability',
  names: 'names',
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 700, height: 430 } });
  for (const [step, shot] of Object.entries(steps)) {
    const data = readFileSync(join(root, 'docs', 'screenshots', `${shot}.png`)).toString('base64');
    await page.setContent(
      `<style>body{margin:0}img{width:700px;display:block}</style><img src="data:image/png;base64,${data}">`,
    );
    await page.locator('img').screenshot({ path: join(root, 'media', 'walkthrough', `${step}.png`) });
    console.log(`media/walkthrough/${step}.png`);
  }
} finally {
  await browser.close();
}

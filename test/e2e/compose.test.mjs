// A Compose file in the real UI: the project is up (started by a real Compose, Debian's
// docker-compose 1.29), the file is opened from the workspace, and a person sees the lens over each
// network, the problems in the Problems view and the hover on a service's network. Screenshot
// test-results/e2e/compose.png (docs/screenshots/compose.png).
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const compose = (cwd, ...args) =>
  execFileSync('docker-compose', ['--ansi', 'never', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const quietly = (f) => {
  try {
    f();
  } catch {
    /* gone */
  }
};

const project = `shop${process.pid}`;
const taken = `e2e-vpn-${process.pid}`;
const service = ['services:', '  web:', '    image: tiny:latest', '    command: ["sleep", "3600"]', '    networks:'];
/** What was started: the service on `backend`. */
const started = [
  'networks:',
  '  backend:',
  '    ipam:',
  '      config:',
  '        - subnet: 10.213.8.0/24',
  ...service,
  '      backend:',
  '        aliases: [api]',
  '',
].join('\n');
/** What the file says now: an external network nobody made, and a subnet another network has. */
const edited = [
  'networks:',
  '  backend:',
  '    ipam:',
  '      config:',
  '        - subnet: 10.213.8.0/24',
  '  corp:',
  '    external: true',
  '    name: corp-vpn',
  '  cache:',
  '    ipam:',
  '      config:',
  '        - subnet: 10.213.7.0/24',
  ...service,
  '      backend:',
  '        aliases: [api]',
  '      corp: {}',
  '      cache: {}',
  '',
].join('\n');

describe('Compose files in the real UI', function () {
  let wb;
  let upDir;
  before(async () => {
    if (!process.env.DOCKER_HOST?.includes(process.env.DN_ENGINE_DIR ?? '\0'))
      throw new Error('run with the private engine (scripts/test.sh)');
    docker('network', 'create', '--subnet', '10.213.7.0/24', taken);
    upDir = join(mkdtempSync(join(tmpdir(), 'dn-e2e-compose-')), project);
    mkdirSync(upDir);
    writeFileSync(join(upDir, 'compose.yaml'), started);
    compose(upDir, 'up', '-d');
    wb = await openWorkbench({
      files: { [`${project}/compose.yaml`]: edited },
      settings: { 'editor.stickyScroll.enabled': false, 'editor.minimap.enabled': false },
      viewport: { width: 1400, height: 960 },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    if (upDir) {
      quietly(() => compose(upDir, 'down', '-t', '0'));
      rmSync(join(upDir, '..'), { recursive: true, force: true });
    }
    quietly(() => docker('network', 'rm', taken));
  });

  it('shows the network on the engine over its key, the problems, and the hover on a service', async () => {
    const { page } = wb;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input.input');
    await input.waitFor();
    await input.fill(`${project}/compose.yaml`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
    const lens = page.locator('.contentWidgets .codelens-decoration', { hasText: `${project}_backend on` });
    await lens.waitFor({ timeout: 60_000 });
    assert.match(await lens.innerText(), /10\.213\.8\.0\/24 · 1 container/);
    assert.match(
      await page.locator('.codelens-decoration', { hasText: 'corp-vpn is not on' }).innerText(),
      /corp-vpn is not on/,
    );

    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'declared as external' }).waitFor({ timeout: 30_000 });
    await problems.locator('.monaco-list-row', { hasText: taken }).waitFor({ timeout: 30_000 });

    // The cursor on the service's `backend:` entry (the lower of the two), then Show Hover, as
    // from the keyboard; a click does not scroll the editor.
    const words = page.locator('.monaco-editor .view-lines span span', { hasText: /^backend$/ });
    await words.nth(1).waitFor();
    const boxes = [await words.nth(0).boundingBox(), await words.nth(1).boundingBox()];
    const entry = boxes[0].y > boxes[1].y ? boxes[0] : boxes[1];
    await page.mouse.click(entry.x + 4, entry.y + entry.height / 2);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: `${project}_backend` });
    await hover.waitFor({ timeout: 30_000 });
    const text = await hover.innerText();
    assert.match(text, /this project/);
    assert.match(text, /Inspect Network/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shots, 'compose.png') });
  });

  it('inserts a network from the tree into the file, as a person does', async () => {
    const { page } = wb;
    await wb.openView();
    await wb.row(taken).waitFor();
    await wb.contextMenu(taken, 'Insert into Compose File…');
    await wb.pick(`${project}/compose.yaml`);
    // The entry lands under networks:, and the file is shown with it (not saved: Undo takes it back).
    await page.locator('.view-line', { hasText: `name: "${taken}"` }).waitFor({ timeout: 30_000 });
    const lines = await page.locator('.view-lines').first().innerText();
    assert.match(lines, new RegExp(`"${taken}":`));
    await page.keyboard.press('Control+Z');
    await page.locator('.view-line', { hasText: `name: "${taken}"` }).waitFor({ state: 'detached', timeout: 30_000 });
  });
});

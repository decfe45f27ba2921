// An ssh:// engine whose host key is not known yet, in the real UI: the tree says so and offers
// Trust Host Key…, the dialog shows the key's fingerprint, and trusting it connects the engine.
// Uses the private sshd that scripts/test.sh starts (its own host key, known_hosts and config).
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });

describe('an ssh:// engine with an unknown host key, in the real UI', function () {
  let wb;
  let knownBefore;
  const dir = process.env.DN_SSH_DIR;
  const port = process.env.DN_SSH_PORT;
  const knownHosts = () => join(dir, 'known_hosts');
  before(async () => {
    if (!dir || !port) throw new Error('run with the private sshd (scripts/test.sh sets DN_SSH_DIR and DN_SSH_PORT)');
    knownBefore = readFileSync(knownHosts(), 'utf8');
    writeFileSync(knownHosts(), '');
    wb = await openWorkbench({
      settings: {
        'dockerNetworks.engines': [{ name: 'build-server', host: `ssh://root@127.0.0.1:${port}` }],
        'dockerNetworks.includeDefaultEngine': false,
        'dockerNetworks.sshConfigFile': join(dir, 'ssh_config'),
      },
    });
    await wb.page.locator('.activitybar .action-item a[aria-label^="Docker"]').first().click();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    if (knownBefore !== undefined) writeFileSync(knownHosts(), knownBefore);
  });

  it('shows why it is not connected, shows the fingerprint, and connects once it is trusted', async () => {
    const trust = wb.row('Trust Host Key…');
    await trust.waitFor({ timeout: 30_000 });
    // The only engine: its reason above the tree, what to do as rows.
    await wb.page
      .locator('.pane-body .message', { hasText: /host key of .* is not known yet/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await wb.shot(join(shots, '40-ssh-unknown-host-key.png'));
    await trust.click();
    const text = await wb.dialogText();
    const fingerprint = /(SHA256:\S+)/.exec(
      execFileSync('ssh-keygen', ['-lf', join(dir, 'host_ed25519.pub')], { encoding: 'utf8' }),
    )[1];
    assert.ok(text.includes(fingerprint), `the dialog shows the key's fingerprint ${fingerprint}: ${text}`);
    await wb.shot(join(shots, '41-ssh-trust-dialog.png'));
    await wb.dialog('Trust and Connect');
    // Connected: the engine's networks are listed.
    await wb.row('bridge').waitFor({ timeout: 30_000 });
    assert.match(readFileSync(knownHosts(), 'utf8'), /ssh-ed25519 /);
    await wb.shot(join(shots, '42-ssh-connected.png'));
  });
});

// Engine text that tries to act, in the real VS Code: network names and labels with link, icon and
// command syntax, bidi overrides; what the tree rows and the notifications were given is read back.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi } from '../../../src/api';
import { plain } from '../../../src/util/text';
import { Cleanup, docker, uniqueName, waitFor } from '../../support/docker';
import { readyApi, treeItem } from '../helpers';

/** True when the text could still become a link, an icon, or hide what follows it. */
const live = (s: string) => /\]\(|\$\(|\bcommand:|[\u202a-\u202e\u2066-\u2069]/i.test(s);

describe('Hostile engine text in the real VS Code', function () {
  this.timeout(120_000);
  let api: DockerNetworksApi;
  const cleanup = new Cleanup();
  before(async () => {
    api = await readyApi();
  });
  afterEach(() => cleanup.run());

  it('a network named like a command link: the row shows its characters, Prune reports it as text', async () => {
    const tag = uniqueName('dn').slice(3);
    const name = cleanup.network(`x${tag} [Details](command:workbench.action.openSettings) $(zap)`);
    await docker(
      'network',
      'create',
      '--label',
      'note=[see](command:dockerNetworks.pruneNetworks) $(flame) a\u202Egnp',
      name,
    );
    await waitFor('the network in the model', () => api.snapshot().engines[0].networks.some((n) => n.name === name));
    const row = await treeItem(api, plain(name));
    assert.ok(!live(row.label), row.label);
    assert.ok(row.label.includes('[Details]') && row.label.includes('$'), 'the characters are shown, not dropped');
    // The tooltip (Markdown) escapes the name and shows the label as code, bidi override visible.
    const [withTooltip] = (await api.treeItems(undefined, { tooltips: true })).filter((r) => r.id === row.id);
    assert.ok(withTooltip.tooltip?.includes('\\[Details\\]\\(command\\:'), withTooltip.tooltip);
    assert.ok(
      withTooltip.tooltip?.includes('`note` = `[see](command:dockerNetworks.pruneNetworks) $(flame) a⟨U+202E⟩gnp`'),
      withTooltip.tooltip,
    );

    const before = api.messages().at(-1)?.seq ?? 0;
    const removed = await vscode.commands.executeCommand<string[]>('dockerNetworks.pruneNetworks', { confirm: false });
    assert.ok(removed?.includes(name), 'pruned');
    const report = await waitFor('the prune report', () =>
      api.messages().find((m) => m.seq > before && /^Removed \d+ unused networks/.test(m.message)),
    );
    assert.ok(report.message.includes(`x${tag} [Details]`), report.message);
    assert.ok(!live(report.message), `the notification could act: ${report.message}`);
  });

  it('a daemon or argument message with link and icon syntax is shown as text', async () => {
    const before = api.messages().at(-1)?.seq ?? 0;
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('dockerNetworks.inspectNetwork', {
          network: 'nope [x](command:dockerNetworks.pruneNetworks) $(zap)',
        }),
      ),
    );
    const shown = await waitFor('the error', () => api.messages().find((m) => m.seq > before && m.kind === 'error'));
    assert.ok(shown.message.includes('nope [x]'), shown.message);
    assert.ok(!live(shown.message), `the notification could act: ${shown.message}`);
  });

  it('a label a terminal acts on is not copied as a command line, and the clipboard keeps what it had', async () => {
    const name = cleanup.network(uniqueName('dn-paste'));
    await docker('network', 'create', '--label', 'x=\u001b[201~\u0015touch /tmp/dn-pwned\r', name);
    await waitFor('the network in the model', () => api.snapshot().engines[0].networks.some((n) => n.name === name));
    await vscode.env.clipboard.writeText('kept');
    const before = api.messages().at(-1)?.seq ?? 0;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('dockerNetworks.copyCreateCommand', { network: name })),
    );
    const shown = await waitFor('the error', () => api.messages().find((m) => m.seq > before && m.kind === 'error'));
    assert.match(shown.message, /cannot be copied safely.*U\+001B/, shown.message);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'kept');
  });
});

// The extension host started with DOCKER_HOST on a socket that does not exist.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi } from '../../../src/api';
import { EXTENSION_ID, Views } from '../../../src/commands/ids';
import { settles, waitFor } from '../../support/docker';

describe('Docker Networks with no engine answering', function () {
  let api: DockerNetworksApi;

  before(async () => {
    assert.match(
      process.env.DOCKER_HOST ?? '',
      /^unix:\/\/.*nonexistent/,
      'the runner points DOCKER_HOST at a missing socket',
    );
    api = await vscode.extensions.getExtension<DockerNetworksApi>(EXTENSION_ID)!.activate();
  });

  it('shows the unreachable state with the reason instead of failing', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
    const view = await waitFor('the error state', () => api.viewState().state === 'error' && api.viewState());
    assert.match(view.message ?? '', /The Docker socket .*nonexistent.* does not exist\. Is Docker running\?/);
    // VS Code shows no welcome content under a message, so the actions are rows below it.
    assert.deepStrictEqual(
      (await api.treeItems()).map((i) => i.label),
      ['Retry', 'Open Settings', 'Show Log'],
    );
    const [engine] = api.snapshot().engines;
    assert.strictEqual(engine.error?.kind, 'unreachable');
  });

  it('retries on demand and stays in the error state without throwing', async () => {
    await vscode.commands.executeCommand('dockerNetworks.refresh');
    assert.strictEqual(api.viewState().state, 'error');
  });

  it('fails a command with the reason instead of hanging', async () => {
    const outcome = await settles(
      'inspect on the missing engine',
      vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: 'bridge' }),
    );
    assert.ok(!outcome.ok, 'the command fails');
    assert.match(outcome.error.message, /does not exist/);
  });
});

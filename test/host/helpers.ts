// Shared by the host suites: the extension's API, settings changes that are undone afterwards,
// and waiting for the tree.
import * as vscode from 'vscode';
import type { DockerNetworksApi, TreeItemView } from '../../src/api';
import { EXTENSION_ID, SETTINGS_SECTION, Views } from '../../src/commands/ids';
import { DEFAULT_WAIT_MS, waitFor } from '../support/docker';

export async function extensionApi(): Promise<DockerNetworksApi> {
  const extension = vscode.extensions.getExtension<DockerNetworksApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

export async function showView(): Promise<void> {
  await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
}

/** Sets a user setting of the extension; `undefined` removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** The tree item under `parentId` (or the root) with this label, once it is there. */
export function treeItem(
  api: DockerNetworksApi,
  label: string,
  parentId?: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<TreeItemView> {
  return waitFor(
    `"${label}" in the tree`,
    async () => (await api.treeItems(parentId)).find((i) => i.label === label),
    timeoutMs,
  );
}

/** The extension's API once its view is open and the default engine has been read. */
export async function readyApi(): Promise<DockerNetworksApi> {
  const api = await extensionApi();
  await showView();
  await waitFor('the engine', () => api.snapshot().engines[0].status === 'ready');
  return api;
}

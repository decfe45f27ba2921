// Wires the parts together and does nothing else: no engine call happens before the view is shown.
import * as vscode from 'vscode';
import { DockerNetworksApi, ModelSnapshot, TreeItemView } from './api';
import { registerCommands } from './commands/registerCommands';
import { SETTINGS_SECTION } from './commands/ids';
import { EngineClient } from './engine/client';
import { resolveDefaultEndpoint } from './engine/endpoint';
import { NetworkStore } from './store';
import { TreeNode } from './tree/nodes';
import { NetworksView } from './tree/networksView';
import * as l10n from '@vscode/l10n';
import { InspectPanels } from './webview/inspectPanel';

export function activate(context: vscode.ExtensionContext): DockerNetworksApi {
  const started = performance.now();
  // engine/ and model/ translate through @vscode/l10n, which reads the bundle VS Code loaded.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel('Docker Networks', { log: true });
  context.subscriptions.push(log);

  const timeoutMs = () => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('requestTimeoutSeconds', 15) * 1000;
  const endpoint = resolveDefaultEndpoint();
  const clients = [new EngineClient(endpoint, { timeoutMs: timeoutMs() })];
  const store = new NetworkStore(clients, { log });
  const view = new NetworksView(store);
  const panels = new InspectPanels(context.extensionUri, store, log);
  context.subscriptions.push(store, view, panels);
  context.subscriptions.push(...registerCommands({ extension: context, store, log, view, panels }));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.requestTimeoutSeconds`)) {
        for (const client of clients) client.timeoutMs = timeoutMs();
      }
    }),
  );

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms; engine ${endpoint.name} at ${endpoint.host} (${endpoint.source})`);
  return {
    activationMs,
    snapshot: () => modelSnapshot(store),
    onDidChange: (listener) => store.onDidChange(listener),
    refresh: () => store.refresh(),
    treeItems: (parentId) => treeItems(view, parentId),
    viewState: () => {
      const message = view.treeView.message;
      return message ? { state: view.currentState, message } : { state: view.currentState };
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}

function modelSnapshot(store: NetworkStore): ModelSnapshot {
  return {
    engines: store.engines.map((e) => ({
      name: e.name,
      host: e.endpoint.host,
      status: e.status,
      ...(e.error ? { error: { kind: e.error.kind, message: e.error.message, ...(e.error.hint ? { hint: e.error.hint } : {}) } } : {}),
      ...(e.version ? { version: e.version } : {}),
      networks: e.snapshot?.networks ?? [],
    })),
  };
}

function treeItems(view: NetworksView, parentId?: string): TreeItemView[] {
  const provider = view.provider;
  const find = (nodes: TreeNode[]): TreeNode | undefined => {
    for (const node of nodes) {
      if (node.id === parentId) return node;
      if (parentId!.startsWith(`${node.id}/`)) return find(node.getChildren());
    }
    return undefined;
  };
  const parent = parentId === undefined ? undefined : find(provider.getChildren());
  if (parentId !== undefined && !parent) return [];
  return provider.getChildren(parent).map((node) => {
    const item = node.getTreeItem();
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return {
      id: node.id,
      label,
      ...(typeof item.description === 'string' ? { description: item.description } : {}),
      ...(item.contextValue ? { contextValue: item.contextValue } : {}),
      collapsible: item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    };
  });
}

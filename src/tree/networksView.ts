// The Networks view: maps the store's snapshots to tree nodes and shows the engine's state
// (connecting, unreachable with the reason, empty) as welcome content with actions.
import * as vscode from 'vscode';
import { ContextKeys, Views } from '../commands/ids';
import { EngineState, NetworkStore } from '../store';
import { Disposable } from '../util/lifecycle';
import { NetworkNode, TreeNode } from './nodes';

export type ViewState = 'loading' | 'error' | 'empty' | 'ready';

export class NetworksTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<TreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly store: NetworkStore) {
    super();
    this.register(store.onDidChange(() => this.changeEmitter.fire()));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren();
    const engine = this.store.engines[0];
    if (!engine?.snapshot) return [];
    return engine.snapshot.networks.map((n) => new NetworkNode(engine.name, n, undefined));
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }
}

export function viewStateOf(engine: EngineState | undefined): ViewState {
  if (!engine || engine.status === 'idle' || engine.status === 'loading') return 'loading';
  if (engine.status === 'error') return 'error';
  return engine.snapshot?.networks.length ? 'ready' : 'empty';
}

/** Owns the TreeView; starts the store the first time the view is shown. */
export class NetworksView extends Disposable {
  readonly provider: NetworksTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private state: ViewState | undefined;

  get currentState(): ViewState {
    return this.state ?? 'loading';
  }

  constructor(private readonly store: NetworkStore) {
    super();
    this.provider = this.register(new NetworksTreeProvider(store));
    this.treeView = this.register(
      vscode.window.createTreeView(Views.networks, {
        treeDataProvider: this.provider,
        showCollapseAll: true,
        canSelectMany: true,
      }),
    );
    this.register(store.onDidChange(() => this.updateState()));
    // No engine call before the view is first visible.
    if (this.treeView.visible) store.start();
    this.register(
      this.treeView.onDidChangeVisibility((e) => {
        if (e.visible) store.start();
      }),
    );
    this.updateState();
  }

  private updateState(): void {
    const engine = this.store.engines[0];
    const state = viewStateOf(engine);
    this.treeView.message = state === 'error' && engine?.error ? engine.error.userMessage : undefined;
    if (state !== this.state) {
      this.state = state;
      void vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    }
  }
}

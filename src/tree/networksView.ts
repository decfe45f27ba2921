// The Networks view: maps the store's snapshots to tree rows and shows a single engine's state
// (connecting, unreachable with the reason, empty) as welcome content with actions. With several
// engines, each is a top-level row and an unreachable one shows its reason under it.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { ContextKeys, SETTINGS_SECTION, Views } from '../commands/ids';
import { GroupBy, SortBy, ViewOptions } from '../model/arrange';
import { EngineState, NetworkStore } from '../store';
import { Disposable } from '../util/lifecycle';
import { EngineRow, networkRows } from './engineRow';
import { findRow } from './automation';
import { errorActions, shownTreeItem, TreeContext, TreeRow } from './rows';

export type ViewState = 'loading' | 'error' | 'empty' | 'ready';

export class NetworksTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeRow> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<TreeRow | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly ctx: TreeContext) {
    super();
    this.register(ctx.store.onDidChange(() => this.changeEmitter.fire()));
  }

  /** Redraws everything (settings or filter changed). */
  refresh(): void {
    this.changeEmitter.fire();
  }

  getTreeItem(row: TreeRow): vscode.TreeItem {
    return shownTreeItem(row);
  }

  getChildren(row?: TreeRow): TreeRow[] | Promise<TreeRow[]> {
    if (row) return row.getChildren();
    const engines = this.ctx.store.engines;
    if (engines.length > 1) return engines.map((e) => new EngineRow(this.ctx, e));
    const engine = engines[0];
    // The reason is the view's message; VS Code shows no welcome content while there is a message,
    // so the actions come as rows below it.
    if (engine?.status === 'error') return errorActions(undefined, engine.name, engine.error);
    if (!engine?.snapshot) return [];
    return networkRows(this.ctx, engine, undefined);
  }

  getParent(row: TreeRow): TreeRow | undefined {
    return row.parent;
  }

  async resolveTreeItem(item: vscode.TreeItem, row: TreeRow): Promise<vscode.TreeItem> {
    if (row.resolveTooltip && !item.tooltip) item.tooltip = await row.resolveTooltip();
    return item;
  }
}

export function viewStateOf(engines: EngineState[], shownCount: number): ViewState {
  if (engines.length > 1) return 'ready';
  const engine = engines[0];
  if (!engine || engine.status === 'idle' || engine.status === 'loading') return 'loading';
  if (engine.status === 'error') return 'error';
  return shownCount ? 'ready' : 'empty';
}

/** Owns the TreeView and the view's settings and filter; starts the store when first shown. */
export class NetworksView extends Disposable implements TreeContext {
  readonly provider: NetworksTreeProvider;
  readonly treeView: vscode.TreeView<TreeRow>;
  private state: ViewState | undefined;
  private filterText: string | undefined;
  /** The rows open now, by ID. */
  private readonly expanded = new Set<string>();

  constructor(readonly store: NetworkStore) {
    super();
    this.provider = this.register(new NetworksTreeProvider(this));
    this.treeView = this.register(
      vscode.window.createTreeView(Views.networks, {
        treeDataProvider: this.provider,
        showCollapseAll: true,
        canSelectMany: true,
      }),
    );
    this.register(store.onDidChange(() => this.updateState()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          ['showBuiltInNetworks', 'groupBy', 'sortBy'].some((k) => e.affectsConfiguration(`${SETTINGS_SECTION}.${k}`))
        ) {
          this.provider.refresh();
          this.updateState();
        }
      }),
    );
    // No engine call before the view is first visible; engines that are down are retried only
    // while it (or a panel) shows.
    if (this.treeView.visible) store.setShown('view', true);
    this.register(this.treeView.onDidChangeVisibility((e) => store.setShown('view', e.visible)));
    this.register(this.treeView.onDidExpandElement((e) => this.expanded.add(e.element.id)));
    this.register(this.treeView.onDidCollapseElement((e) => this.expanded.delete(e.element.id)));
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, false);
    this.updateState();
  }

  get currentState(): ViewState {
    return this.state ?? 'loading';
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  viewOptions(): ViewOptions {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    return {
      ...(this.filterText ? { filter: this.filterText } : {}),
      showBuiltIn: config.get<boolean>('showBuiltInNetworks', true),
      groupBy: config.get<GroupBy>('groupBy', 'none'),
      sortBy: config.get<SortBy>('sortBy', 'name'),
    };
  }

  /** Shows a network (or a container under it) in the tree, selected. */
  async reveal(engine: string, networkId: string, containerId?: string): Promise<boolean> {
    const network = `${engine}/network/${networkId}`;
    const row = await findRow(this.provider, containerId ? `${network}/container/${containerId}` : network);
    if (!row) return false;
    await this.treeView.reveal(row, { select: true, focus: true, expand: false });
    return true;
  }

  /** A network recreated under a new ID (Edit Network): open again if it was open. */
  async followNetwork(engine: string, oldId: string, newId: string): Promise<void> {
    const old = `${engine}/network/${oldId}`;
    if (oldId === newId || !this.expanded.delete(old)) return;
    const row = await findRow(this.provider, `${engine}/network/${newId}`);
    if (row) await this.treeView.reveal(row, { select: false, focus: false, expand: true });
  }

  setFilter(text: string | undefined): void {
    this.filterText = text?.trim() || undefined;
    this.treeView.description = this.filterText ? l10n.t('Filter: {0}', this.filterText) : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, !!this.filterText);
    this.provider.refresh();
    this.updateState();
  }

  private updateState(): void {
    const engines = this.store.engines;
    const single = engines.length === 1 ? engines[0] : undefined;
    const shown = single?.snapshot ? networkRows(this, single, undefined).length : 0;
    const state = viewStateOf(engines, shown);
    this.treeView.message = state === 'error' && single?.error ? single.error.userMessage : undefined;
    if (state !== this.state) {
      this.state = state;
      void vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    }
  }
}

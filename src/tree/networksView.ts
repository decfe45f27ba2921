// The Networks view: maps the store's snapshots to tree rows and shows a single engine's state
// (connecting, unreachable with the reason, empty) as welcome content with actions. With several
// engines, each is a top-level row and an unreachable one shows its reason under it.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { ContextKeys, SETTINGS_SECTION, Views } from '../commands/ids';
import { GroupBy, shownNetworks, SortBy, ViewOptions } from '../model/arrange';
import { EngineState, NetworkStore } from '../store';
import { Disposable } from '../util/lifecycle';
import { EngineRow, networkRows } from './engineRow';
import { findRow } from './automation';
import { RowCache } from './rowCache';
import { errorActions, shownTreeItem, TreeContext, TreeRow } from './rows';

export type ViewState = 'loading' | 'error' | 'empty' | 'ready';

/**
 * How long VS Code's ask for the rows is held while the engine is first read (see getChildren):
 * long enough for a local engine of thousands of networks to list them, short enough that a slow
 * one soon says it is connecting.
 */
const FIRST_ROWS_WAIT_MS = 1_000;

/** What the view was told to redraw: every row, or these (with what is under them). */
export interface TreeRedraw {
  seq: number;
  rows: 'all' | string[];
}

export class NetworksTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeRow> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<TreeRow[] | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The engines as the rows last showed them. */
  private shown: EngineState[];
  private readonly redrawLog: TreeRedraw[] = [];
  private seq = 0;
  /** VS Code's ask for the root's rows, held while the engine is first read (see getChildren). */
  private held: { rows: Promise<TreeRow[]>; answer: () => void } | undefined;

  constructor(private readonly ctx: TreeContext) {
    super();
    this.shown = ctx.store.engines;
    this.register(
      ctx.store.onDidChange(() => {
        const rows = this.changedRows(ctx.store.engines);
        // VS Code is waiting for the root's rows: its answer has this change, told or not.
        if (!this.held) this.redraw(rows);
        else if (!firstRead(ctx.store.engines)) this.held.answer();
      }),
    );
    this.register({ dispose: () => this.held?.answer() });
  }

  /** Redraws everything (settings or filter changed). */
  refresh(): void {
    this.redraw(undefined);
  }

  /** The last redraws, for the API (automation and the host tests). */
  redraws(): readonly TreeRedraw[] {
    return this.redrawLog;
  }

  private redraw(rows: TreeRow[] | undefined): void {
    if (rows && !rows.length) return;
    this.redrawLog.push({ seq: ++this.seq, rows: rows ? rows.map((r) => r.id) : 'all' });
    if (this.redrawLog.length > 50) this.redrawLog.shift();
    this.changeEmitter.fire(rows);
  }

  /**
   * The rows a store change touched: the networks whose model changed, where an engine's list kept
   * its networks in their order; the engine's row where its own state or its list changed (with
   * one engine, everything); none where nothing shown changed. Grouped, filtered or sorted other
   * than by name, a change may move rows: the engine's row again.
   */
  private changedRows(engines: EngineState[]): TreeRow[] | undefined {
    const before = this.shown;
    this.shown = engines;
    // One engine, read with nothing to show yet, before and after (asked to, or began): the view
    // has no rows either way; a redraw of them would make VS Code ask again (and again after the
    // networks come, the ask queued behind the one answered with them).
    if (firstRead(before) && firstRead(engines) && before[0].name === engines[0].name) return [];
    if (before.length !== engines.length || before.some((b, i) => b.name !== engines[i].name)) return undefined;
    const options = this.ctx.viewOptions();
    const inPlace = options.groupBy === 'none' && !options.filter && options.sortBy === 'name';
    const rows: TreeRow[] = [];
    for (let i = 0; i < engines.length; i++) {
      const [a, b] = [before[i], engines[i]];
      const own =
        a.status !== b.status ||
        a.error !== b.error ||
        a.version !== b.version ||
        a.swarmNodes !== b.swarmNodes ||
        a.listing !== b.listing ||
        a.endpoint !== b.endpoint;
      const [from, to] = [a.snapshot?.networks, b.snapshot?.networks];
      if (!own && from === to) continue;
      // The engine's row, or with one engine the root: VS Code reads what is under it again.
      const whole = (): boolean => {
        if (engines.length === 1) return false;
        rows.push(this.ctx.rows.engineRow(b, () => new EngineRow(this.ctx, b)));
        return true;
      };
      // Swarm networks say on which other engines they are: a change on one engine shows on another.
      const linked = engines.length > 1 && !!b.version?.swarm.active;
      if (own || !inPlace || linked || !from || !to || from.length !== to.length) {
        if (!whole()) return undefined;
        continue;
      }
      const changed: TreeRow[] = [];
      let moved = false;
      for (let k = 0; k < to.length && !moved; k++) {
        if (from[k] === to[k]) continue;
        if (from[k].id !== to[k].id) moved = true;
        else {
          const row = this.ctx.rows.networkRow(b.name, to[k].id);
          if (!row) continue; // not shown (built-in and hidden, or its engine's rows never read)
          row.update({ network: to[k], endpoints: undefined, sameOn: undefined, listed: false });
          changed.push(row);
        }
      }
      if (moved) {
        if (!whole()) return undefined;
      } else rows.push(...changed);
    }
    return rows;
  }

  getTreeItem(row: TreeRow): vscode.TreeItem {
    return shownTreeItem(row);
  }

  /**
   * The root's rows. While the engine is first read, with nothing to show yet, VS Code's ask is
   * answered when the networks are listed (or the read fails), within FIRST_ROWS_WAIT_MS: the rows
   * come in the view's first draw rather than in a redraw VS Code takes up only after it. Past the
   * bound the view says it is connecting, as before.
   */
  getChildren(row?: TreeRow): TreeRow[] | Promise<TreeRow[]> {
    if (row) return row.getChildren();
    if (this.held) return this.held.rows;
    if (!firstRead(this.ctx.store.engines)) return this.rootRows();
    let answer = (): void => undefined;
    const rows = new Promise<TreeRow[]>((resolve) => {
      const timer = setTimeout(() => answer(), FIRST_ROWS_WAIT_MS);
      answer = () => {
        clearTimeout(timer);
        this.held = undefined;
        resolve(this.rootRows());
      };
    });
    this.held = { rows, answer };
    return rows;
  }

  private rootRows(): TreeRow[] {
    const engines = this.ctx.store.engines;
    this.ctx.rows.keepEngines(engines.map((e) => e.name));
    if (engines.length > 1) return engines.map((e) => this.ctx.rows.engineRow(e, () => new EngineRow(this.ctx, e)));
    const engine = engines[0];
    // The reason is the view's message; VS Code shows no welcome content while there is a message,
    // so the actions come as rows below it.
    if (engine?.status === 'error') return errorActions(undefined, engine.name, engine.error);
    if (!engine?.snapshot && !engine?.listing) return [];
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

/** One engine, being read, with nothing to show yet. */
function firstRead(engines: EngineState[]): boolean {
  const [engine] = engines;
  return (
    engines.length === 1 &&
    (engine.status === 'idle' || engine.status === 'loading') &&
    !engine.snapshot &&
    !engine.listing
  );
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
  readonly rows = new RowCache();
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
    // A count, not rows: what the view shows did not change by being counted.
    const shown = single?.snapshot ? shownNetworks(single.snapshot.networks, this.viewOptions()).length : 0;
    const state = viewStateOf(engines, shown);
    this.treeView.message = state === 'error' && single?.error ? single.error.userMessage : undefined;
    if (state !== this.state) {
      this.state = state;
      void vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    }
  }
}

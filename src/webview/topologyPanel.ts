// The topology panel: the engine's networks and containers as a graph, live.
import * as vscode from 'vscode';
import { topologyView } from '../model/panels';
import { NetworkStore } from '../store';
import { Panel, PanelActions, timeNow } from './panel';
import { FromPanel, ToPanel } from './protocol';

export const TOPOLOGY_VIEW_TYPE = 'dockerNetworks.topology';

export interface TopologyPanelState {
  engine: string;
}

export class TopologyPanel extends Panel {
  private shown = new Set<string>();

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: NetworkStore,
    private readonly actions: PanelActions,
    readonly state: TopologyPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, TOPOLOGY_VIEW_TYPE, vscode.l10n.t('Topology: {0}', state.engine), 'topology', existing);
    this.register(store.onDidChange(() => void this.update()));
  }

  protected async load(): Promise<ToPanel | undefined> {
    this.store.start();
    const engine = this.store.engines.find((e) => e.name === this.state.engine);
    if (!engine) return { type: 'problem', message: vscode.l10n.t('The engine {0} is no longer configured.', this.state.engine), gone: true };
    if (engine.error) return { type: 'problem', message: engine.error.userMessage, gone: false };
    if (!engine.snapshot) return undefined; // the store's change event brings it
    const view = topologyView(engine.name, engine.snapshot);
    this.shown = new Set([...view.networks.map((n) => n.id), ...view.containers.map((c) => c.id)]);
    return { type: 'topology', view, updatedAt: timeNow() };
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    const engine = this.state.engine;
    if (message.type === 'reveal' && this.shown.has(message.network) && (!message.container || this.shown.has(message.container))) {
      await this.actions.reveal(engine, message.network, message.container);
    } else if (message.type === 'inspectNetwork' && this.shown.has(message.network)) {
      await this.actions.inspectNetwork(engine, message.network);
    } else if (message.type === 'inspectContainer' && this.shown.has(message.container)) {
      await this.actions.showContainer(engine, message.container);
    }
  }
}

// The topology panel: the engine's networks and containers as a graph, live.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { topologyPlumbing, topologyView } from '../model/panels';
import { EngineSnapshot } from '../model/snapshot';
import { StoreReader } from '../store';
import { Commands } from '../commands/ids';
import { Panel, timeNow } from './panel';
import { FromPanel, ToPanel, TopologyView } from './protocol';

export const TOPOLOGY_VIEW_TYPE = 'dockerNetworks.topology';

export interface TopologyPanelState {
  engine: string;
}

export class TopologyPanel extends Panel {
  private shown = new Set<string>();
  /** Whether the page shows the host plumbing layer. */
  private plumbing = false;
  /** How many times the address space was asked for: the page shows it when this changes. */
  private addressSpaceAsked = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: StoreReader,
    readonly state: TopologyPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, TOPOLOGY_VIEW_TYPE, l10n.t('Topology: {0}', state.engine), 'topology', existing);
    this.followStore(store, () => {
      const engine = store.engine(state.engine);
      return [engine?.snapshot?.networks, engine?.snapshot?.containers, engine?.status, engine?.error];
    });
  }

  protected async load(): Promise<ToPanel | undefined> {
    this.store.start();
    const engine = this.store.engine(this.state.engine);
    if (!engine)
      return {
        type: 'problem',
        message: l10n.t('The engine {0} is no longer configured.', this.state.engine),
        gone: true,
      };
    if (engine.error) return { type: 'problem', message: engine.error.userMessage, gone: false };
    if (!engine.snapshot) return undefined; // the store's change event brings it
    const view = topologyView(engine.name, engine.snapshot);
    this.shown = new Set([...view.networks.map((n) => n.id), ...view.containers.map((c) => c.id)]);
    if (this.plumbing) view.plumbing = await this.readPlumbing(engine.name, engine.snapshot);
    view.addressSpace = await this.store.addressSpace(engine.name).catch(() => undefined);
    if (this.addressSpaceAsked) view.focusAddressSpace = this.addressSpaceAsked;
    return { type: 'topology', view, updatedAt: timeNow() };
  }

  /** Opens the page's address space section and scrolls to it. */
  showAddressSpace(): void {
    this.addressSpaceAsked++;
    void this.update();
  }

  /** Every network's plumbing, in one look (the host's and each container's interfaces read once). */
  private async readPlumbing(engine: string, snapshot: EngineSnapshot): Promise<TopologyView['plumbing']> {
    const results = await this.store
      .plumbing(
        engine,
        snapshot.networks.map((network) => ({ network })),
      )
      .catch(() => undefined);
    if (!results) return undefined;
    return topologyPlumbing(new Map(snapshot.networks.map((n, i) => [n.id, results[i]])));
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    const engine = this.state.engine;
    if (message.type === 'plumbing') {
      this.plumbing = message.on;
      await this.update();
    } else if (
      message.type === 'reveal' &&
      this.shown.has(message.network) &&
      (!message.container || this.shown.has(message.container))
    ) {
      await this.run(Commands.revealInTree, {
        network: message.network,
        ...(message.container ? { container: message.container } : {}),
        engine,
      });
    } else if (message.type === 'inspectNetwork' && this.shown.has(message.network)) {
      await this.run(Commands.inspectNetwork, { network: message.network, engine });
    } else if (message.type === 'inspectContainer' && this.shown.has(message.container)) {
      await this.run(Commands.showContainerNetworking, { container: message.container, engine });
    } else if (
      message.type === 'probe' &&
      message.kind === 'matrix' &&
      message.network &&
      this.shown.has(message.network)
    ) {
      await this.run(Commands.showReachability, { network: message.network, engine });
    } else if (message.type === 'diagnose' && this.shown.has(message.container)) {
      await this.run(Commands.diagnoseConnectivity, { source: message.container, engine });
    }
  }
}

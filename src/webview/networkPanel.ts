// The network inspect panel: structured tables and the raw JSON of one network, following the
// engine while open. Actions from the page are honoured only for containers it was shown.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { ContainerNames, NetworkInspect, networkView, PlumbingResult } from '../model/panels';
import { NetworkModel } from '../model/snapshot';
import { describeFailure, StoreReader } from '../store';
import { Commands } from '../commands/ids';
import { Panel, timeNow } from './panel';
import { FromPanel, NetworkView, ToPanel } from './protocol';
import { networkPatch } from './viewPatch';

export const NETWORK_VIEW_TYPE = 'dockerNetworks.inspect';

/** The most containers whose names and interfaces one look reads. */
const MAX_DETAILED = 200;

export interface NetworkPanelState {
  engine: string;
  networkId: string;
  networkName: string;
}

export class NetworkPanel extends Panel {
  private json = '';
  private shownContainers = new Set<string>();
  private lastRaw: NetworkInspect | undefined;
  /** The host's interfaces of the network, as last read. */
  private plumbing: PlumbingResult | undefined;
  /** The number of the last view made (updates name the view they change). */
  private seq = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: StoreReader,
    readonly state: NetworkPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, NETWORK_VIEW_TYPE, l10n.t('Network: {0}', state.networkName), 'network', existing);
    // What the store knows is shown at once, even while a read is under way; the network's own
    // inspect (raw JSON, swarm details) and the containers' names follow.
    this.followStore(
      store,
      () => {
        const engine = store.engine(state.engine);
        return [
          store.network(state.engine, state.networkId),
          engine?.status,
          engine?.error,
          engine?.version,
          store.swarmNodesOf(state.engine),
        ];
      },
      () => {
        this.showKnown();
        void this.update();
      },
    );
    this.readAhead();
  }

  /** Shows the network under its new ID (recreated by Edit Network). */
  follow(networkId: string): void {
    this.state.networkId = networkId;
    void this.update();
  }

  private showKnown(): void {
    const known = this.store.network(this.state.engine, this.state.networkId);
    if (known && this.lastRaw) void this.post(this.message(this.view(known, this.lastRaw)));
  }

  private message(view: NetworkView): ToPanel {
    return { type: 'network', view, updatedAt: timeNow(), seq: ++this.seq };
  }

  /** A view after the first goes to the page as changes from the one it shows. */
  protected override asChange(shown: ToPanel | undefined, next: ToPanel): ToPanel {
    if (shown?.type !== 'network' || next.type !== 'network' || shown.seq === undefined || next.seq === undefined)
      return next;
    const { updatedAt, seq } = next;
    return { type: 'networkPatch', view: networkPatch(shown.view, next.view), updatedAt, base: shown.seq, seq };
  }

  /** The view from the model, the network's inspect, and the containers' names as far as read. */
  private view(model: NetworkModel, raw: NetworkInspect) {
    const names = new Map<string, ContainerNames>();
    for (const e of model.endpoints) {
      const s = this.store.knownContainerDetails(this.state.engine, e.containerId)?.NetworkSettings?.Networks?.[
        model.name
      ];
      if (s) names.set(e.containerId, { aliases: s.Aliases ?? [], dnsNames: s.DNSNames ?? [] });
    }
    return networkView(this.state.engine, model, raw, names, this.plumbing, this.store.swarmNodesOf(this.state.engine));
  }

  protected async load(): Promise<ToPanel | undefined> {
    const { engine } = this.state;
    if (!this.store.engine(engine))
      return { type: 'problem', message: l10n.t('The engine {0} is no longer configured.', engine), gone: true };
    this.store.start();
    try {
      const raw = await this.store.networkDetails(engine, this.state.networkId);
      this.lastRaw = raw;
      const model = this.store.network(engine, raw.Id);
      if (!model) {
        // The store has not seen it yet (just created, or the store is still loading).
        await this.store.refresh(engine);
        return this.isDisposed ? undefined : this.load();
      }
      if (raw.Name !== this.state.networkName) {
        this.state.networkName = raw.Name;
        this.panel.title = l10n.t('Network: {0}', raw.Name);
      }
      // The engine lists aliases only in each container's own inspect. Show the network at once
      // with the names already known, then read those of containers that are new on it, and
      // where their interfaces are in the host (their processes name their namespaces).
      const detailed = model.endpoints.slice(0, MAX_DETAILED);
      const missing = detailed.filter((e) => !this.store.knownContainerDetails(engine, e.containerId));
      const view = this.view(model, raw);
      this.json = view.json;
      this.shownContainers = new Set(view.containers.map((c) => c.id));
      if (missing.length) {
        await this.post(this.message(view));
        await Promise.all(
          missing.map((e) => this.store.containerDetails(engine, e.containerId).catch(() => undefined)),
        );
      }
      [this.plumbing] = await this.store.plumbing(engine, [{ network: model, endpoints: detailed }]);
      if (this.isDisposed) return undefined;
      // The store's network as it is now: an event during the reads above changed it, and the
      // view of it was posted then (showKnown); this read must not show the older one again.
      return this.message(this.view(this.store.network(engine, raw.Id) ?? model, raw));
    } catch (e) {
      const failure = describeFailure(e);
      if (failure.gone) {
        this.shownContainers.clear();
        this.lastRaw = undefined;
        return {
          type: 'problem',
          message: l10n.t('The network {0} was removed from the engine.', this.state.networkName),
          gone: true,
        };
      }
      return { type: 'problem', message: failure.message, gone: false };
    }
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    const { engine, networkId } = this.state;
    switch (message.type) {
      case 'openJson': {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: this.json });
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'connect':
        await this.run(Commands.connectContainer, { network: networkId, engine });
        return;
      case 'edit':
        await this.run(Commands.editNetwork, { network: networkId, engine });
        return;
      case 'disconnect':
        if (message.network !== networkId || !this.shownContainers.has(message.container)) return;
        await this.run(Commands.disconnectContainer, { network: networkId, container: message.container, engine });
        return;
      case 'inspectContainer':
        if (!this.shownContainers.has(message.container)) return;
        await this.run(Commands.showContainerNetworking, { container: message.container, engine });
        return;
      case 'probe':
        if (message.kind === 'matrix') await this.run(Commands.showReachability, { network: networkId, engine });
        return;
      default:
        return;
    }
  }
}

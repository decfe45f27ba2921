// The network inspect panel: structured tables and the raw JSON of one network, following the
// engine while open. Actions from the page are honoured only for containers it was shown.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { isEngineError } from '../engine/errors';
import { RawNetwork } from '../engine/types';
import { PlumbingResult } from '../engine/plumbing';
import { ContainerNames, networkView } from '../model/panels';
import { NetworkStore } from '../store';
import { networkPlumbing } from '../store/plumbing';
import { Panel, PanelActions, timeNow } from './panel';
import { FromPanel, ToPanel } from './protocol';

export const NETWORK_VIEW_TYPE = 'dockerNetworks.inspect';

export interface NetworkPanelState {
  engine: string;
  networkId: string;
  networkName: string;
}

export class NetworkPanel extends Panel {
  private json = '';
  private shownContainers = new Set<string>();
  private lastRaw: RawNetwork | undefined;
  /** Aliases, DNS names and process read from each container, with the endpoint they belong to. */
  private readonly names = new Map<string, ContainerNames & { endpointId: string; pid?: number }>();
  /** The host's interfaces of the network, as last read. */
  private plumbing: PlumbingResult | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: NetworkStore,
    private readonly actions: PanelActions,
    readonly state: NetworkPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, NETWORK_VIEW_TYPE, l10n.t('Network: {0}', state.networkName), 'network', existing);
    // What the store knows is shown at once, even while a read is under way; the network's own
    // inspect (raw JSON, swarm details) and the containers' names follow.
    this.register(
      store.onDidChange(() => {
        this.showKnown();
        void this.update();
      }),
    );
  }

  private showKnown(): void {
    const known = this.store.engines.find((e) => e.name === this.state.engine)?.snapshot?.networks.find((n) => n.id === this.state.networkId);
    if (known && this.lastRaw) void this.post({ type: 'network', view: networkView(this.state.engine, known, this.lastRaw, this.names, this.plumbing, this.store.swarmNodesOf(this.state.engine)), updatedAt: timeNow() });
  }

  protected async load(): Promise<ToPanel | undefined> {
    const client = this.store.client(this.state.engine);
    if (!client) return { type: 'problem', message: l10n.t('The engine {0} is no longer configured.', this.state.engine), gone: true };
    this.store.start();
    try {
      const raw = await client.inspectNetwork(this.state.networkId, { verbose: this.isSwarmManager() });
      this.lastRaw = raw;
      const model = this.store.engines.find((e) => e.name === this.state.engine)?.snapshot?.networks.find((n) => n.id === raw.Id);
      if (!model) {
        // The store has not seen it yet (just created, or the store is still loading).
        await this.store.refresh(this.state.engine);
        return this.isDisposed ? undefined : this.load();
      }
      if (raw.Name !== this.state.networkName) {
        this.state.networkName = raw.Name;
        this.panel.title = l10n.t('Network: {0}', raw.Name);
      }
      // The engine lists aliases only in each container's own inspect. Show the network at once
      // with the names already known, then read those of containers that are new on it, and
      // where their interfaces are in the host (their processes name their namespaces).
      const missing = model.endpoints.filter((e) => this.names.get(e.containerId)?.endpointId !== (e.endpointId ?? '')).slice(0, 200);
      const view = networkView(this.state.engine, model, raw, this.names, this.plumbing, this.store.swarmNodesOf(this.state.engine));
      this.json = view.json;
      this.shownContainers = new Set(view.containers.map((c) => c.id));
      if (missing.length) {
        await this.post({ type: 'network', view, updatedAt: timeNow() });
        await Promise.all(
          missing.map(async (e) => {
            const c = await client.inspectContainer(e.containerId).catch(() => undefined);
            const s = c?.NetworkSettings?.Networks?.[model.name];
            if (s) this.names.set(e.containerId, { aliases: s.Aliases ?? [], dnsNames: s.DNSNames ?? [], endpointId: e.endpointId ?? '', ...(c?.State?.Pid ? { pid: c.State.Pid } : {}) });
          }),
        );
      }
      const pids = new Map<string, number>();
      for (const [id, n] of this.names) if (n.pid) pids.set(id, n.pid);
      this.plumbing = await networkPlumbing(client, model, pids, model.endpoints.slice(0, 200));
      if (this.isDisposed) return undefined;
      const named = networkView(this.state.engine, model, raw, this.names, this.plumbing, this.store.swarmNodesOf(this.state.engine));
      return { type: 'network', view: named, updatedAt: timeNow() };
    } catch (e) {
      if (isEngineError(e) && e.kind === 'notFound') {
        this.shownContainers.clear();
        this.lastRaw = undefined;
        return { type: 'problem', message: l10n.t('The network {0} was removed from the engine.', this.state.networkName), gone: true };
      }
      return { type: 'problem', message: isEngineError(e) ? e.userMessage : String(e), gone: false };
    }
  }

  private isSwarmManager(): boolean {
    return !!this.store.engines.find((e) => e.name === this.state.engine)?.version?.swarm.manager;
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
        await this.actions.connect(engine, networkId);
        return;
      case 'disconnect':
        if (message.network !== networkId || !this.shownContainers.has(message.container)) return;
        await this.actions.disconnect(engine, networkId, message.container);
        return;
      case 'inspectContainer':
        if (!this.shownContainers.has(message.container)) return;
        await this.actions.showContainer(engine, message.container);
        return;
      default:
        return;
    }
  }
}

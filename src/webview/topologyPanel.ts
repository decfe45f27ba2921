// The topology panel: the engine's networks and containers as a graph, live.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { LinkReader, PlumbingResult } from '../engine/plumbing';
import { topologyPlumbing, topologyView } from '../model/panels';
import { EngineSnapshot } from '../model/snapshot';
import { NetworkStore } from '../store';
import { hasNamespace, networkPlumbing } from '../store/plumbing';
import { Panel, PanelActions, timeNow } from './panel';
import { FromPanel, ToPanel, TopologyView } from './protocol';

export const TOPOLOGY_VIEW_TYPE = 'dockerNetworks.topology';

export interface TopologyPanelState {
  engine: string;
}

export class TopologyPanel extends Panel {
  private shown = new Set<string>();
  /** Whether the page shows the host plumbing layer. */
  private plumbing = false;
  /** Running containers' processes, with the endpoints they had when read (a restart makes new ones). */
  private readonly pids = new Map<string, { pid: number; endpoints: string }>();

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: NetworkStore,
    private readonly actions: PanelActions,
    readonly state: TopologyPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, TOPOLOGY_VIEW_TYPE, l10n.t('Topology: {0}', state.engine), 'topology', existing);
    this.register(store.onDidChange(() => void this.update()));
  }

  protected async load(): Promise<ToPanel | undefined> {
    this.store.start();
    const engine = this.store.engines.find((e) => e.name === this.state.engine);
    if (!engine) return { type: 'problem', message: l10n.t('The engine {0} is no longer configured.', this.state.engine), gone: true };
    if (engine.error) return { type: 'problem', message: engine.error.userMessage, gone: false };
    if (!engine.snapshot) return undefined; // the store's change event brings it
    const view = topologyView(engine.name, engine.snapshot);
    this.shown = new Set([...view.networks.map((n) => n.id), ...view.containers.map((c) => c.id)]);
    if (this.plumbing) view.plumbing = await this.readPlumbing(engine.name, engine.snapshot);
    return { type: 'topology', view, updatedAt: timeNow() };
  }

  /** Every network's plumbing; each running container's process is read once per start. */
  private async readPlumbing(engineName: string, snapshot: EngineSnapshot): Promise<TopologyView['plumbing']> {
    const client = this.store.client(engineName);
    if (!client) return undefined;
    const endpoints = new Map<string, string[]>();
    for (const n of snapshot.networks) for (const e of n.endpoints) if (hasNamespace(e) && !e.sharedFrom) endpoints.set(e.containerId, [...(endpoints.get(e.containerId) ?? []), e.endpointId ?? '']);
    // Only a local engine's interfaces can be read here: a remote one is not asked for processes.
    const local = /^unix:\/\//i.test(client.endpoint.host);
    const stale = local ? [...endpoints].filter(([id, eps]) => this.pids.get(id)?.endpoints !== eps.sort().join()).slice(0, 500) : [];
    await Promise.all(
      stale.map(async ([id, eps]) => {
        const pid = (await client.inspectContainer(id).catch(() => undefined))?.State?.Pid;
        if (pid) this.pids.set(id, { pid, endpoints: eps.join() });
      }),
    );
    for (const id of this.pids.keys()) if (!endpoints.has(id)) this.pids.delete(id);
    const pids = new Map([...this.pids].map(([id, p]) => [id, p.pid]));
    // One reader for all networks: the host's interfaces and each container's are read once.
    const reader = new LinkReader();
    const results = new Map<string, PlumbingResult>();
    for (const n of snapshot.networks) results.set(n.id, await networkPlumbing(client, n, pids, n.endpoints, reader));
    return topologyPlumbing(results);
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    const engine = this.state.engine;
    if (message.type === 'plumbing') {
      this.plumbing = message.on;
      await this.update();
    } else if (message.type === 'reveal' && this.shown.has(message.network) && (!message.container || this.shown.has(message.container))) {
      await this.actions.reveal(engine, message.network, message.container);
    } else if (message.type === 'inspectNetwork' && this.shown.has(message.network)) {
      await this.actions.inspectNetwork(engine, message.network);
    } else if (message.type === 'inspectContainer' && this.shown.has(message.container)) {
      await this.actions.showContainer(engine, message.container);
    }
  }
}

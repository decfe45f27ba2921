// The container networking panel: every network a container is on with its addresses, gateway,
// MAC, aliases and DNS names, plus network mode, published ports and DNS settings.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { containerView } from '../model/panels';
import { describeFailure, StoreReader } from '../store';
import { Commands } from '../commands/ids';
import { Panel, timeNow } from './panel';
import { FromPanel, ToPanel } from './protocol';

export const CONTAINER_VIEW_TYPE = 'dockerNetworks.container';

export interface ContainerPanelState {
  engine: string;
  containerId: string;
  containerName: string;
}

export class ContainerPanel extends Panel {
  private json = '';
  private shownNetworks = new Set<string>();

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: StoreReader,
    readonly state: ContainerPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, CONTAINER_VIEW_TYPE, l10n.t('Container: {0}', state.containerName), 'container', existing);
    // The container, and the networks it was shown on (their names and subnets are shown).
    this.followStore(store, () => {
      const engine = store.engine(state.engine);
      return [
        store.container(state.engine, state.containerId),
        engine?.status,
        engine?.error,
        ...[...this.shownNetworks].map((id) => store.network(state.engine, id)),
      ];
    });
    this.readAhead();
  }

  protected async load(): Promise<ToPanel | undefined> {
    const engine = this.store.engine(this.state.engine);
    if (!engine)
      return {
        type: 'problem',
        message: l10n.t('The engine {0} is no longer configured.', this.state.engine),
        gone: true,
      };
    this.store.start();
    try {
      const raw = await this.store.containerDetails(engine.name, this.state.containerId);
      const snapshot = this.store.engine(engine.name)?.snapshot;
      const view = containerView(this.state.engine, raw, snapshot);
      if (view.name !== this.state.containerName) {
        this.state.containerName = view.name;
        this.panel.title = l10n.t('Container: {0}', view.name);
      }
      this.json = view.json;
      this.shownNetworks = new Set(view.networks.map((n) => n.networkId));
      return { type: 'container', view, updatedAt: timeNow() };
    } catch (e) {
      const failure = describeFailure(e);
      if (failure.gone) {
        this.shownNetworks.clear();
        return {
          type: 'problem',
          message: l10n.t('The container {0} was removed from the engine.', this.state.containerName),
          gone: true,
        };
      }
      return { type: 'problem', message: failure.message, gone: false };
    }
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    const { engine, containerId } = this.state;
    switch (message.type) {
      case 'openJson': {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: this.json });
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'disconnect':
        if (message.container !== containerId || !this.shownNetworks.has(message.network)) return;
        await this.run(Commands.disconnectContainer, { network: message.network, container: containerId, engine });
        return;
      case 'inspectNetwork':
        if (!this.shownNetworks.has(message.network)) return;
        await this.run(Commands.inspectNetwork, { network: message.network, engine });
        return;
      case 'connect':
        await this.run(Commands.connectContainer, { container: containerId, engine });
        return;
      case 'probe':
        if (message.kind === 'names') await this.run(Commands.showNames, { container: containerId, engine });
        if (message.kind === 'ports') await this.run(Commands.showPorts, { container: containerId, engine });
        return;
      case 'diagnose':
        if (message.container !== containerId) return;
        await this.run(Commands.diagnoseConnectivity, { source: containerId, engine });
        return;
      default:
        return;
    }
  }
}

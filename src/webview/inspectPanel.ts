// The network inspect panel, extension side: one panel per network, following the engine while it
// is open. The page gets data only after it says it is ready.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { EngineError, isEngineError } from '../engine/errors';
import { RawNetwork } from '../engine/types';
import { NetworkStore } from '../store';
import { Disposable } from '../util/lifecycle';
import { Logger } from '../util/log';
import { isFromInspectPanel, ToInspectPanel } from './protocol';

export const INSPECT_VIEW_TYPE = 'dockerNetworks.inspect';

export class InspectPanels extends Disposable {
  private readonly panels = new Map<string, InspectPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: NetworkStore,
    private readonly log: Logger,
  ) {
    super();
  }

  /** Opens the panel of a network, or reveals it when it is already open. */
  async show(engine: string, networkId: string, networkName: string): Promise<InspectPanel> {
    const key = `${engine}/${networkId}`;
    const open = this.panels.get(key);
    if (open) {
      open.reveal();
      return open;
    }
    const panel = new InspectPanel(this.extensionUri, this.store, this.log, engine, networkId, networkName);
    this.panels.set(key, panel);
    panel.onDispose(() => this.panels.delete(key));
    await panel.update();
    return panel;
  }

  get openPanels(): InspectPanel[] {
    return [...this.panels.values()];
  }

  override dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    super.dispose();
  }
}

export class InspectPanel extends Disposable {
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private pending: ToInspectPanel | undefined;
  private disposeListeners: Array<() => void> = [];
  private updating: Promise<void> | undefined;
  private again = false;
  /** The last inspect output shown, for tests and "is it current". */
  lastNetwork: RawNetwork | undefined;
  lastProblem: string | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: NetworkStore,
    private readonly log: Logger,
    readonly engine: string,
    readonly networkId: string,
    private networkName: string,
  ) {
    super();
    const webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      INSPECT_VIEW_TYPE,
      vscode.l10n.t('Network: {0}', networkName),
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [webviewRoot], enableFindWidget: true },
    );
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'networks.svg');
    this.panel.webview.html = html(this.panel.webview, webviewRoot);
    this.register(
      this.panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromInspectPanel(message)) return;
        this.ready = true;
        void this.post({ type: 'init', strings: inspectStrings() });
        if (this.pending) void this.post(this.pending);
      }),
    );
    this.register(this.panel.onDidDispose(() => this.dispose()));
    // Live: every change the store sees may concern this network.
    this.register(store.onDidChange(() => void this.update()));
  }

  get title(): string {
    return this.panel.title;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  reveal(): void {
    this.panel.reveal();
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  /** Reads the network again and shows it; calls during a read are folded into one more read. */
  update(): Promise<void> {
    if (this.updating) {
      this.again = true;
      return this.updating;
    }
    this.updating = (async () => {
      do {
        this.again = false;
        await this.load();
      } while (this.again && !this.isDisposed);
    })().finally(() => (this.updating = undefined));
    return this.updating;
  }

  private async load(): Promise<void> {
    const client = this.store.client(this.engine);
    if (!client || this.isDisposed) return;
    try {
      const network = await client.inspectNetwork(this.networkId);
      if (this.isDisposed) return;
      this.lastNetwork = network;
      this.lastProblem = undefined;
      if (network.Name && network.Name !== this.networkName) {
        this.networkName = network.Name;
        this.panel.title = vscode.l10n.t('Network: {0}', network.Name);
      }
      await this.post({
        type: 'network',
        header: { name: network.Name, id: network.Id, driver: network.Driver ?? '', scope: network.Scope ?? '' },
        json: JSON.stringify(network, null, 2),
        updatedAt: new Date().toLocaleTimeString(),
      });
    } catch (e) {
      if (this.isDisposed) return;
      const problem =
        isEngineError(e) && e.kind === 'notFound'
          ? vscode.l10n.t('The network {0} was removed from the engine.', this.networkName)
          : (e as EngineError).userMessage ?? String(e);
      this.lastProblem = problem;
      this.log.warn(`inspect ${this.networkName}: ${problem}`);
      await this.post({ type: 'problem', message: problem });
    }
  }

  private async post(message: ToInspectPanel): Promise<void> {
    if (message.type !== 'init') this.pending = message;
    if (!this.ready || this.isDisposed) return;
    await this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners) listener();
    this.disposeListeners = [];
  }
}

function inspectStrings() {
  return {
    loading: vscode.l10n.t('Loading…'),
    rawJson: vscode.l10n.t('Raw JSON'),
    driver: vscode.l10n.t('Driver'),
    scope: vscode.l10n.t('Scope'),
    id: vscode.l10n.t('ID'),
    updated: vscode.l10n.t('Updated'),
  };
}

function html(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'inspect.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'inspect.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

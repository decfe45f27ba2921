// Wires the parts together and does nothing else: no engine call happens before the view is shown.
import * as vscode from 'vscode';
import { configureTranslations } from './util/text';
import { DockerNetworksApi, ModelSnapshot } from './api';
import { registerCommands } from './commands/registerCommands';
import { SETTINGS_SECTION } from './commands/ids';
import { EngineClient } from './engine/client';
import { resolveDefaultEndpoint } from './engine/endpoint';
import { resolveEngines } from './engine/settings';
import { NetworkStore } from './store';
import { treeItems } from './tree/automation';
import { NetworksView } from './tree/networksView';
import { Panels } from './webview/panels';
import { HelperSessions } from './diagnosis/helpers';
import { shownMessages } from './dialogs/notify';
import { ComposeWorkspace } from './compose/workspace';
import { ComposeEditor } from './compose/editor';

function settings() {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    engines: config.get<unknown>('engines', []),
    includeDefaultEngine: config.get<boolean>('includeDefaultEngine', true),
    timeoutMs: config.get<number>('requestTimeoutSeconds', 15) * 1000,
    debounceMs: config.get<number>('refreshDebounceMs', 100),
    pollMs: config.get<number>('pollingIntervalSeconds', 0) * 1000,
    sshPath: config.get<string>('sshPath', '').trim(),
    sshConfigFile: config.get<string>('sshConfigFile', '').trim(),
  };
}

function clients(): EngineClient[] {
  const s = settings();
  const ssh = {
    ...(s.sshPath ? { executable: s.sshPath } : {}),
    ...(s.sshConfigFile ? { configFile: s.sshConfigFile } : {}),
  };
  return resolveEngines(s.engines, resolveDefaultEndpoint(), s.includeDefaultEngine).map(
    (e) => new EngineClient(e, { timeoutMs: s.timeoutMs, ssh }),
  );
}

export function activate(context: vscode.ExtensionContext): DockerNetworksApi {
  const started = performance.now();
  // engine/ and model/ translate through @vscode/l10n, which reads the bundle VS Code loaded.
  // eslint-disable-next-line no-restricted-syntax -- the one place that hands VS Code's bundle over
  if (vscode.l10n.bundle) configureTranslations(vscode.l10n.bundle);
  const log = vscode.window.createOutputChannel('Docker Networks', { log: true });
  context.subscriptions.push(log);

  const initial = settings();
  const store = new NetworkStore(clients(), { log, debounceMs: initial.debounceMs, pollMs: initial.pollMs });
  const view = new NetworksView(store);
  const panels = new Panels(context.extensionUri, store);
  // The store (and with it each engine's connection: an ssh engine's login) is disposed in
  // deactivate, after this window's helpers are removed through it; VS Code disposes the
  // subscriptions right after calling deactivate, without waiting for it.
  context.subscriptions.push(view, panels);
  const helpers = new HelperSessions();
  closing = () => helpers.close((engine) => store.client(engine)).finally(() => store.dispose());
  // Compose files: read at once (no engine call); the engine is read while one is shown.
  const composeFiles = new ComposeWorkspace(store, log);
  context.subscriptions.push(composeFiles, new ComposeEditor(composeFiles, store));
  const commandContext = { extension: context, store, log, view, panels, helpers, composeFiles };
  context.subscriptions.push(...registerCommands(commandContext));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      const changed = (key: string) => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`);
      if (['engines', 'includeDefaultEngine', 'requestTimeoutSeconds', 'sshPath', 'sshConfigFile'].some(changed))
        store.setClients(clients());
      if (changed('refreshDebounceMs') || changed('pollingIntervalSeconds')) {
        const s = settings();
        store.configure({ debounceMs: s.debounceMs, pollMs: s.pollMs });
      }
    }),
  );

  const activationMs = performance.now() - started;
  log.info(
    `Activated in ${activationMs.toFixed(1)} ms; engines: ${store.engines.map((e) => `${e.name} (${e.endpoint.host})`).join(', ')}`,
  );
  return {
    activationMs,
    snapshot: () => modelSnapshot(store),
    onDidChange: (listener) => store.onDidChange(listener),
    refresh: () => store.refresh(),
    treeItems: (parentId, options) => treeItems(view.provider, parentId, options?.tooltips),
    treeRedraws: () => view.provider.redraws(),
    setFilter: (text) => view.setFilter(text),
    messages: () => shownMessages(),
    panels: () =>
      panels.openPanels.map((p) => ({
        kind: p.kind,
        title: p.title,
        shown: p.lastPosted,
        storeChanges: { ...p.storeChanges },
        fromPage: (m: unknown) => p.receive(m),
        update: () => p.update(),
      })),
    viewState: () => {
      const message = view.treeView.message;
      const selection = view.treeView.selection.map((n) => n.id);
      return message ? { state: view.currentState, message, selection } : { state: view.currentState, selection };
    },
  };
}

/** What must finish before the window closes (VS Code waits for it, then disposes the rest). */
let closing: (() => Promise<void>) | undefined;

export function deactivate(): Promise<void> | undefined {
  // Helpers of a check that is still running are removed; everything else is in context.subscriptions.
  return closing?.();
}

function modelSnapshot(store: NetworkStore): ModelSnapshot {
  return {
    engines: store.engines.map((e) => ({
      name: e.name,
      host: e.endpoint.host,
      status: e.status,
      ...(e.error
        ? { error: { kind: e.error.kind, message: e.error.message, ...(e.error.hint ? { hint: e.error.hint } : {}) } }
        : {}),
      ...(e.version ? { version: e.version } : {}),
      ...(e.swarmNodes ? { swarmNodes: e.swarmNodes } : {}),
      networks: e.snapshot?.networks ?? [],
    })),
    swarms: store.swarms(),
  };
}

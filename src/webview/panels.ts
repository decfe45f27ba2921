// Opens panels (one per subject: a second open reveals the first) and restores them after a
// window reload through serializers.
import * as vscode from 'vscode';
import { StoreReader } from '../store';
import { Disposable } from '../util/lifecycle';
import { DIAGNOSIS_VIEW_TYPE, DiagnosisPanel, DiagnosisPanelState, diagnosisKey } from './diagnosisPanel';
import { PROBE_VIEW_TYPE, ProbePanel, ProbePanelState, probeKey } from './probePanel';
import { CONTAINER_VIEW_TYPE, ContainerPanel, ContainerPanelState } from './containerPanel';
import { NETWORK_VIEW_TYPE, NetworkPanel, NetworkPanelState } from './networkPanel';
import { Panel } from './panel';
import { TOPOLOGY_VIEW_TYPE, TopologyPanel, TopologyPanelState } from './topologyPanel';

type State = NetworkPanelState | ContainerPanelState | TopologyPanelState | DiagnosisPanelState | ProbePanelState;

function isState(value: unknown, keys: string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    keys.every((k) => typeof (value as Record<string, unknown>)[k] === 'string')
  );
}

export class Panels extends Disposable {
  private readonly open = new Map<string, Panel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: StoreReader,
  ) {
    super();
    const restore = <S extends State>(
      viewType: string,
      keys: string[],
      make: (state: S, panel: vscode.WebviewPanel) => Panel,
      key: (s: S) => string,
    ) =>
      this.register(
        vscode.window.registerWebviewPanelSerializer(viewType, {
          deserializeWebviewPanel: async (panel, state: unknown) => {
            // The page keeps the subject in its state; anything else cannot be restored.
            if (!isState(state, keys)) {
              panel.dispose();
              return;
            }
            this.track(key(state as S), make(state as S, panel));
          },
        }),
      );
    restore<NetworkPanelState>(
      NETWORK_VIEW_TYPE,
      ['engine', 'networkId', 'networkName'],
      (s, p) => new NetworkPanel(this.extensionUri, this.store, s, p),
      (s) => `n/${s.engine}/${s.networkId}`,
    );
    restore<ContainerPanelState>(
      CONTAINER_VIEW_TYPE,
      ['engine', 'containerId', 'containerName'],
      (s, p) => new ContainerPanel(this.extensionUri, this.store, s, p),
      (s) => `c/${s.engine}/${s.containerId}`,
    );
    restore<TopologyPanelState>(
      TOPOLOGY_VIEW_TYPE,
      ['engine'],
      (s, p) => new TopologyPanel(this.extensionUri, this.store, s, p),
      (s) => `t/${s.engine}`,
    );
    restore<DiagnosisPanelState>(
      DIAGNOSIS_VIEW_TYPE,
      ['engine', 'source', 'sourceName', 'target', 'port', 'protocol'],
      (s, p) => new DiagnosisPanel(this.extensionUri, s, p),
      diagnosisKey,
    );
    restore<ProbePanelState>(
      PROBE_VIEW_TYPE,
      ['engine', 'kind', 'subject', 'subjectName'],
      (s, p) => new ProbePanel(this.extensionUri, s, p),
      probeKey,
    );
  }

  private track<T extends Panel>(key: string, panel: T): T {
    this.open.set(key, panel);
    // A panel on screen needs its engine: one that is down is retried while it shows.
    const shown = () => this.store.setShown(`panel:${key}`, panel.panel.visible);
    shown();
    const visibility = panel.panel.onDidChangeViewState(shown);
    panel.onDispose(() => {
      visibility.dispose();
      // Under the key it has now (a network panel follows its network to a new ID).
      for (const [k, p] of this.open) if (p === panel) this.open.delete(k);
      this.store.setShown(`panel:${key}`, false);
    });
    void panel.update();
    return panel;
  }

  private show<T extends Panel>(key: string, make: () => T): T {
    const existing = this.open.get(key) as T | undefined;
    if (existing) {
      existing.reveal();
      return existing;
    }
    return this.track(key, make());
  }

  showNetwork(engine: string, networkId: string, networkName: string): NetworkPanel {
    return this.show(
      `n/${engine}/${networkId}`,
      () => new NetworkPanel(this.extensionUri, this.store, { engine, networkId, networkName }),
    );
  }

  /** A network recreated under a new ID (Edit Network): its open panel follows it. */
  followNetwork(engine: string, oldId: string, newId: string): void {
    const key = `n/${engine}/${oldId}`;
    const panel = this.open.get(key);
    if (!(panel instanceof NetworkPanel) || oldId === newId) return;
    this.open.delete(key);
    this.open.set(`n/${engine}/${newId}`, panel);
    panel.follow(newId);
  }

  showContainer(engine: string, containerId: string, containerName: string): ContainerPanel {
    return this.show(
      `c/${engine}/${containerId}`,
      () => new ContainerPanel(this.extensionUri, this.store, { engine, containerId, containerName }),
    );
  }

  showTopology(engine: string): TopologyPanel {
    return this.show(`t/${engine}`, () => new TopologyPanel(this.extensionUri, this.store, { engine }));
  }

  /** The panel of this question (source, target, port), opened if it is not. */
  showDiagnosis(state: DiagnosisPanelState): DiagnosisPanel {
    return this.show(diagnosisKey(state), () => new DiagnosisPanel(this.extensionUri, state));
  }

  /** The panel of a wider look (reachability, names, ports) at one subject, opened if it is not. */
  showProbe(state: ProbePanelState): ProbePanel {
    return this.show(probeKey(state), () => new ProbePanel(this.extensionUri, state));
  }

  get openPanels(): Panel[] {
    return [...this.open.values()];
  }

  override dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
    this.open.clear();
    super.dispose();
  }
}

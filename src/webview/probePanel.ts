// The panel of a wider look (a network's reachability matrix, a container's names, its ports):
// one per subject and kind, showing the run in progress and then the result. Run Again goes
// through the public command.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { Commands } from '../commands/ids';
import { Panel, timeNow } from './panel';
import { FromPanel, ProbeKind, ProbeView, ToPanel } from './protocol';

export const PROBE_VIEW_TYPE = 'dockerNetworks.probe';

/** What the panel looks at, as the page keeps it for a reload (strings only). */
export interface ProbePanelState {
  engine: string;
  kind: string;
  /** The network's or container's ID, and its name for the title. */
  subject: string;
  subjectName: string;
}

export function probeKey(s: ProbePanelState): string {
  return `p/${s.kind}/${s.engine}/${s.subject}`;
}

type Result = Pick<ProbeView, 'matrix' | 'names' | 'ports'>;

export class ProbePanel extends Panel {
  private view: ProbeView;

  constructor(
    extensionUri: vscode.Uri,
    readonly state: ProbePanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, PROBE_VIEW_TYPE, probeTitle(state), 'probe', existing);
    const kind: ProbeKind = state.kind === 'names' || state.kind === 'ports' ? state.kind : 'matrix';
    this.view = { engine: state.engine, kind, subjectId: state.subject, subject: state.subjectName, state: 'idle' };
  }

  running(message: string): void {
    this.view = { ...this.ids(), state: 'running', message };
    void this.update();
  }

  finished(result: Result, tookMs: number): void {
    this.view = {
      ...this.ids(),
      state: 'done',
      ...result,
      tookMs: Math.round(tookMs),
      finishedAt: timeNow(),
    };
    void this.update();
  }

  failed(message: string): void {
    this.view = { ...this.ids(), state: 'failed', message };
    void this.update();
  }

  private ids(): Pick<ProbeView, 'engine' | 'kind' | 'subjectId' | 'subject'> {
    const { engine, kind, subjectId, subject } = this.view;
    return { engine, kind, subjectId, subject };
  }

  protected load(): Promise<ToPanel | undefined> {
    return Promise.resolve({ type: 'probe', view: this.view });
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    if (message.type !== 'rerun' || this.view.state === 'running') return;
    const { engine, subject } = this.state;
    if (this.view.kind === 'matrix') await this.run(Commands.showReachability, { network: subject, engine });
    else
      await this.run(this.view.kind === 'names' ? Commands.showNames : Commands.showPorts, {
        container: subject,
        engine,
      });
  }
}

export function probeTitle(s: ProbePanelState): string {
  if (s.kind === 'names') return l10n.t('Names: {0}', s.subjectName);
  if (s.kind === 'ports') return l10n.t('Ports: {0}', s.subjectName);
  return l10n.t('Reachability: {0}', s.subjectName);
}

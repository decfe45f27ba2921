// The connectivity diagnosis panel: one per question (source, target, port), showing the run in
// progress, then the verdict and each check with its evidence and fix. It never runs a check
// itself: Run Again and the fix buttons go through the public commands.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { DiagnosisResult } from '../model/diagnosis';
import { CommandId, Commands } from '../commands/ids';
import { Panel, timeNow } from './panel';
import { DiagnosisView, FromPanel, ToPanel } from './protocol';

export const DIAGNOSIS_VIEW_TYPE = 'dockerNetworks.diagnosis';

/** The question, as the page keeps it for a reload (strings only). */
export interface DiagnosisPanelState {
  engine: string;
  /** The source container's ID, and its name for the title. */
  source: string;
  sourceName: string;
  target: string;
  /** `""` when no port was asked for. */
  port: string;
  protocol: string;
}

export function diagnosisKey(s: DiagnosisPanelState): string {
  return `d/${s.engine}/${s.source}/${s.target}/${s.port}/${s.protocol}`;
}

export class DiagnosisPanel extends Panel {
  private view: DiagnosisView;
  private result: DiagnosisResult | undefined;

  constructor(
    extensionUri: vscode.Uri,
    readonly state: DiagnosisPanelState,
    existing?: vscode.WebviewPanel,
  ) {
    super(extensionUri, DIAGNOSIS_VIEW_TYPE, title(state), 'diagnosis', existing);
    const port = Number(state.port);
    this.view = {
      engine: state.engine,
      sourceId: state.source,
      source: state.sourceName,
      target: state.target,
      ...(state.port && Number.isInteger(port) ? { port } : {}),
      protocol: state.protocol === 'udp' ? 'udp' : 'tcp',
      state: 'idle',
      checks: [],
    };
  }

  /** A run started: the page says what it does now. */
  running(message: string): void {
    this.result = undefined;
    this.view = { ...this.view, state: 'running', message, checks: [] };
    void this.update();
  }

  finished(result: DiagnosisResult, tookMs: number): void {
    this.result = result;
    this.view = {
      ...this.view,
      state: 'done',
      reachable: result.reachable,
      verdict: result.verdict,
      checks: result.checks.map((c) => ({
        id: c.id,
        status: c.status,
        title: c.title,
        detail: c.detail,
        evidence: c.evidence ?? [],
        ...(c.fix ? { fix: c.fix.title } : {}),
      })),
      tookMs: Math.round(tookMs),
      finishedAt: timeNow(),
    };
    delete this.view.message;
    void this.update();
  }

  /** The diagnosis itself could not run (the engine is down, the image could not be pulled …). */
  failed(message: string): void {
    this.result = undefined;
    this.view = { ...this.view, state: 'failed', message, checks: [] };
    void this.update();
  }

  protected load(): Promise<ToPanel | undefined> {
    return Promise.resolve({ type: 'diagnosis', view: this.view });
  }

  private question(): Record<string, unknown> {
    const { engine, source, target } = this.state;
    return {
      source,
      target,
      engine,
      protocol: this.view.protocol,
      ...(this.view.port !== undefined ? { port: this.view.port } : {}),
    };
  }

  protected async onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void> {
    if (this.view.state === 'running') return;
    switch (message.type) {
      case 'rerun':
        await this.run(Commands.diagnoseConnectivity, this.question());
        return;
      case 'fix': {
        const fix = this.result?.checks.find((c) => c.id === message.check)?.fix;
        const args = fix?.arguments[0];
        const known = (Object.values(Commands) as string[]).includes(fix?.command ?? '');
        if (!fix || !known || typeof args !== 'object' || args === null) return;
        await this.run(fix.command as CommandId, args as Record<string, unknown>);
        await this.run(Commands.diagnoseConnectivity, this.question());
        return;
      }
      default:
        return;
    }
  }
}

function title(s: DiagnosisPanelState): string {
  return s.port
    ? l10n.t('Diagnose: {0} → {1}:{2}', s.sourceName, s.target, s.port)
    : l10n.t('Diagnose: {0} → {1}', s.sourceName, s.target);
}

// Every notification, modal dialog and progress notification goes through here. Their text is
// plain line by line (messages are built with l10n.t, whose placeholders are plain already; this
// also covers text put together any other way), and the last ones are kept for the tests, which
// read back what VS Code was given.
import * as vscode from 'vscode';
import { plain } from '../util/text';

export interface Shown {
  /** Counts up from 1 over the extension's life: what came after a point is `seq` above it. */
  seq: number;
  /** `pick`: a quick pick; its title is the message, its placeholder the detail, its items the actions. */
  kind: 'info' | 'warning' | 'error' | 'modal' | 'progress' | 'status' | 'pick';
  message: string;
  detail?: string;
  actions: string[];
}

const recent: Shown[] = [];
const KEEP = 50;
let seq = 0;

/** What the user was last shown, oldest first (for tests through the extension's API). */
export function shownMessages(): readonly Shown[] {
  return recent;
}

function text(s: string, max = 2_000): string {
  return s
    .split('\n')
    .map((line) => plain(line, max))
    .join('\n');
}

/** Notes what was shown (the quick picks note theirs too). */
export function keep(entry: Omit<Shown, 'seq'>): void {
  recent.push({ seq: ++seq, ...entry });
  if (recent.length > KEEP) recent.shift();
}

/* eslint-disable no-restricted-syntax -- the one place messages reach VS Code */

export function info(message: string, ...actions: string[]): Thenable<string | undefined> {
  const m = text(message);
  keep({ kind: 'info', message: m, actions });
  return vscode.window.showInformationMessage(m, ...actions);
}

export function warning(message: string, ...actions: string[]): Thenable<string | undefined> {
  const m = text(message);
  keep({ kind: 'warning', message: m, actions });
  return vscode.window.showWarningMessage(m, ...actions);
}

export function error(message: string, ...actions: string[]): Thenable<string | undefined> {
  const m = text(message);
  keep({ kind: 'error', message: m, actions });
  return vscode.window.showErrorMessage(m, ...actions);
}

/** A modal dialog; resolves to the chosen action, or undefined when dismissed. */
export function modal(message: string, detail: string, ...actions: string[]): Thenable<string | undefined> {
  const m = text(message);
  const d = text(detail, 4_000);
  keep({ kind: 'modal', message: m, detail: d, actions });
  return vscode.window.showWarningMessage(m, { modal: true, detail: d }, ...actions);
}

/** A cancellable progress notification; its messages are plain too. */
export function progress<T>(
  title: string,
  task: (report: (message: string) => void, token: vscode.CancellationToken) => Thenable<T>,
): Thenable<T> {
  const t = text(title);
  keep({ kind: 'progress', message: t, actions: [] });
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t, cancellable: true },
    (p, token) => task((message) => p.report({ message: text(message) }), token),
  );
}

/** A short message in the status bar, which renders `$(icon)`: plain, as everything else. */
export function status(message: string, ms: number): void {
  const m = plain(message, 200);
  keep({ kind: 'status', message: m, actions: [] });
  vscode.window.setStatusBarMessage(m, ms);
}

/* eslint-enable no-restricted-syntax */

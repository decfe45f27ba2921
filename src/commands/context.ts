// What every command handler gets: the store, the log, the panels. Built once in `activate`.
import * as vscode from 'vscode';
import { ComposeWorkspace } from '../compose/workspace';
import { HelperSessions } from '../diagnosis/helpers';
import { NetworkStore } from '../store';
import { NetworksView } from '../tree/networksView';
import { Panels } from '../webview/panels';

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly store: NetworkStore;
  readonly log: vscode.LogOutputChannel;
  readonly view: NetworksView;
  readonly panels: Panels;
  /** This window's diagnosis helpers: swept before the first check on an engine, removed on close. */
  readonly helpers: HelperSessions;
  /** The workspace's Compose files, read (Insert into Compose File… offers them). */
  readonly composeFiles: ComposeWorkspace;
}

// What `activate` returns, for other extensions, automation and the host tests.
import { EngineErrorKind } from './engine/errors';
import { NetworkModel } from './model/snapshot';
import { SwarmGroup, SwarmNodeModel } from './model/swarm';
import { EngineStatus, EngineVersion } from './store';
import type { ToPanel } from './webview/protocol';

export interface EngineSnapshotView {
  name: string;
  host: string;
  status: EngineStatus;
  error?: { kind: EngineErrorKind; message: string; hint?: string };
  version?: EngineVersion;
  /** A swarm manager's nodes with their state. */
  swarmNodes?: readonly SwarmNodeModel[];
  networks: NetworkModel[];
}

/** The plain model the tree shows: engines → networks → attached containers. */
export interface ModelSnapshot {
  engines: EngineSnapshotView[];
  /** Engines that are nodes of one swarm, and the swarm networks each of them shows (same ID). */
  swarms: SwarmGroup[];
}

export interface TreeItemView {
  id: string;
  label: string;
  description?: string;
  contextValue?: string;
  /** The codicon id. */
  icon?: string;
  /** The tooltip's Markdown, when asked for. */
  tooltip?: string;
  collapsible: boolean;
}

export interface PanelView {
  kind: 'network' | 'container' | 'topology' | 'diagnosis' | 'probe';
  title: string;
  /** The last message the panel posted to its page. */
  shown: ToPanel | undefined;
  /** Store changes it read again for (what it shows changed) and passed over (a change elsewhere). */
  storeChanges: { followed: number; passed: number };
  /** Delivers a message as if the page had sent it. */
  fromPage(message: unknown): Promise<void>;
  /** Reads again now. */
  update(): Promise<void>;
}

export interface DockerNetworksApi {
  /** The model the tree shows now; do not modify it. */
  snapshot(): ModelSnapshot;
  /** Fires whenever the snapshot changed. */
  onDidChange(listener: () => void): { dispose(): void };
  /** Reads every engine again (the view's Refresh). */
  refresh(): Promise<void>;
  /** The tree's items as the view renders them: the root's, or those under the item with `parentId`. */
  treeItems(parentId?: string, options?: { tooltips?: boolean }): Promise<TreeItemView[]>;
  /**
   * The tree's last redraws (up to 50), oldest first: `all`, or the ids of the rows VS Code was told
   * to read again (with what is under them).
   */
  treeRedraws(): readonly { seq: number; rows: 'all' | string[] }[];
  /** Sets (or with undefined clears) the view's filter, as the Filter action does. */
  setFilter(text: string | undefined): void;
  /** What the view shows besides items: loading, error (with the message above the tree), empty, ready. */
  viewState(): { state: 'loading' | 'error' | 'empty' | 'ready'; message?: string; selection: string[] };
  /** The open panels: what each last showed, and a way to act as its page (for automation and tests). */
  panels(): PanelView[];
  /** The last notifications, dialogs, progress titles and status messages, as VS Code was given them. */
  messages(): readonly { seq: number; kind: string; message: string; detail?: string; actions: string[] }[];
  /** How long `activate` took, in milliseconds. */
  readonly activationMs: number;
}

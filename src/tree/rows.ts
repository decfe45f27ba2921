// Tree rows are plain objects over the model with a stable id, so expansion and selection survive
// refreshes. Everything shown comes from the engine: labels and descriptions are plain text, and
// tooltips are untrusted Markdown with HTML off, built lazily (resolveTreeItem).
import * as vscode from 'vscode';
import { l10n, plain } from '../util/text';
import { ContextValues, Commands } from '../commands/ids';
import { ViewOptions } from '../model/arrange';
import { EngineState, offersHostKeyTrust, StoreReader } from '../store';
import type { RowCache } from './rowCache';

export interface TreeContext {
  readonly store: StoreReader;
  /** The view settings and filter in force now. */
  viewOptions(): ViewOptions;
  /** The rows VS Code was last given, reused while they show the same thing. */
  readonly rows: RowCache;
}

export interface TreeRow {
  readonly id: string;
  readonly parent: TreeRow | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeRow[] | Promise<TreeRow[]>;
  /** Builds the tooltip when the user hovers; may ask the engine. */
  resolveTooltip?(): Promise<vscode.MarkdownString | undefined>;
}

export function untrusted(markdown: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(markdown, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  return tooltip;
}

/** A row that tells something (an error, "no match") and may offer one action. */
export class MessageRow implements TreeRow {
  constructor(
    readonly parent: TreeRow | undefined,
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
    private readonly tooltip?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = ContextValues.message;
    if (this.command) item.command = this.command;
    // The daemon's own message, as it said it.
    if (this.tooltip) item.tooltip = plain(this.tooltip, 2000);
    return item;
  }

  getChildren(): TreeRow[] {
    return [];
  }
}

/** The actions an unreachable engine offers, as rows under it. */
/**
 * A row's tree item as VS Code gets it: label and description are engine text (a network's name,
 * a daemon message), made plain here, in the one place every row passes (control characters and
 * bidi overrides visible, long text cut).
 */
export function shownTreeItem(row: TreeRow): vscode.TreeItem {
  const item = row.getTreeItem();
  // Labels of message rows carry whole sentences (an engine's error and what to do about it).
  if (typeof item.label === 'string') item.label = plain(item.label, 600);
  if (typeof item.description === 'string') item.description = plain(item.description, 400);
  if (item.accessibilityInformation)
    item.accessibilityInformation = {
      ...item.accessibilityInformation,
      label: plain(item.accessibilityInformation.label, 600),
    };
  return item;
}

export function errorActions(parent: TreeRow | undefined, engine: string, error?: EngineState['error']): MessageRow[] {
  const prefix = parent?.id ?? engine;
  // An unknown SSH host key: the way forward is to compare its fingerprint and trust it.
  const trust = offersHostKeyTrust(error)
    ? [
        new MessageRow(parent, `${prefix}/trust`, l10n.t('Trust Host Key…'), 'key', {
          command: Commands.trustHostKey,
          title: l10n.t('Trust Host Key…'),
          arguments: [{ engine }],
        }),
      ]
    : [];
  return [
    ...trust,
    new MessageRow(parent, `${prefix}/retry`, l10n.t('Retry'), 'refresh', {
      command: Commands.refresh,
      title: l10n.t('Retry'),
      arguments: [{ engine }],
    }),
    new MessageRow(parent, `${prefix}/settings`, l10n.t('Open Settings'), 'settings-gear', {
      command: Commands.openSettings,
      title: l10n.t('Open Settings'),
    }),
    new MessageRow(parent, `${prefix}/log`, l10n.t('Show Log'), 'output', {
      command: Commands.showLog,
      title: l10n.t('Show Log'),
    }),
  ];
}

// Tree nodes are plain objects over the model with a stable id, so expansion and selection survive
// refreshes. Everything shown comes from the engine and is treated as text (labels, descriptions)
// or as untrusted Markdown with HTML off (tooltips).
import * as vscode from 'vscode';
import { ContextValues } from '../commands/ids';
import { EndpointModel, NetworkModel } from '../model/snapshot';

export interface TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[];
}

const DRIVER_ICONS: Record<string, string> = {
  bridge: 'type-hierarchy-sub',
  host: 'vm',
  null: 'circle-slash',
  overlay: 'globe',
  macvlan: 'plug',
  ipvlan: 'debug-disconnect',
};

const STATE_ICONS: Record<string, [string, string | undefined]> = {
  running: ['vm-running', 'testing.iconPassed'],
  paused: ['debug-pause', 'list.warningForeground'],
  restarting: ['sync', 'list.warningForeground'],
  exited: ['vm-outline', 'disabledForeground'],
  created: ['vm-outline', 'disabledForeground'],
  dead: ['error', 'list.errorForeground'],
  removing: ['trash', 'disabledForeground'],
};

/** Markdown text from the engine, with every character Markdown gives meaning to escaped. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function untrustedTooltip(lines: string[]): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(lines.join('  \n'), false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  return tooltip;
}

export class NetworkNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly engine: string,
    readonly network: NetworkModel,
    readonly parent: TreeNode | undefined,
  ) {
    this.id = `${engine}/network/${network.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.network;
    const item = new vscode.TreeItem(
      n.name,
      n.endpoints.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const subnet = n.ipam.configs.find((c) => c.subnet)?.subnet;
    item.description = [n.driver, n.scope, subnet].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(DRIVER_ICONS[n.driver] ?? 'extensions');
    const flags = [n.builtIn ? 'builtIn' : 'custom', n.endpoints.length ? 'attached' : 'empty', `driver-${n.driver || 'unknown'}`];
    item.contextValue = `${ContextValues.network}+${flags.join('+')}`;
    item.tooltip = untrustedTooltip([
      `**${md(n.name)}**`,
      `ID: \`${n.id.slice(0, 12)}\``,
      `${md(n.driver)} · ${md(n.scope)}`,
      ...n.ipam.configs.map((c) => [c.subnet, c.gateway && `gateway ${c.gateway}`].filter(Boolean).map((x) => md(String(x))).join(' · ')),
      vscode.l10n.t('{0} containers', n.endpoints.length),
    ]);
    item.accessibilityInformation = { label: `${n.name}, ${item.description}` };
    return item;
  }

  getChildren(): TreeNode[] {
    return this.network.endpoints.map((e) => new ContainerNode(this, e));
  }
}

export class ContainerNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly parent: NetworkNode,
    readonly endpoint: EndpointModel,
  ) {
    this.id = `${parent.id}/container/${endpoint.containerId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.endpoint;
    const item = new vscode.TreeItem(e.containerName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const address = e.ipv4 ?? e.configuredIpv4;
    item.description = [address, e.ipv6 ?? e.configuredIpv6, e.state === 'running' ? undefined : e.state].filter(Boolean).join(' · ');
    const [icon, color] = STATE_ICONS[e.state] ?? ['question', undefined];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = `${ContextValues.container}+${e.state}${e.sharedFrom ? '+shared' : ''}`;
    item.tooltip = untrustedTooltip([
      `**${md(e.containerName)}** (${md(e.state)})`,
      md(e.image),
      ...(e.mac ? [`MAC ${md(e.mac)}`] : []),
      ...(e.sharedFrom ? [vscode.l10n.t('Shares the network stack of {0}', md(e.sharedFrom.name))] : []),
    ]);
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

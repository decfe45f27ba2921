import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { ContextValues } from '../commands/ids';
import { ContainerDetails, containerTooltip } from '../model/markdown';
import { EndpointModel } from '../model/snapshot';
import { TreeContext, TreeRow, untrusted } from './rows';
import type { NetworkRow } from './networkRow';

const STATE_ICONS: Record<string, [string, string | undefined]> = {
  running: ['vm-running', 'testing.iconPassed'],
  paused: ['debug-pause', 'list.warningForeground'],
  restarting: ['sync', 'list.warningForeground'],
  exited: ['vm-outline', 'disabledForeground'],
  created: ['vm-outline', 'disabledForeground'],
  dead: ['error', 'list.errorForeground'],
  removing: ['trash', 'disabledForeground'],
};

/** The description: IPv4 (or the configured one), IPv6, sharing, and the state when not running. */
export function containerDescription(e: EndpointModel): string {
  const parts = [e.ipv4 ?? e.configuredIpv4, e.ipv6 ?? e.configuredIpv6];
  if (e.sharedFrom) parts.push(l10n.t('shares {0}', e.sharedFrom.name));
  if (e.state !== 'running') parts.push(e.state);
  return parts.filter(Boolean).join(' · ');
}

export class ContainerRow implements TreeRow {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    readonly parent: NetworkRow,
    readonly endpoint: EndpointModel,
  ) {
    this.id = `${parent.id}/container/${endpoint.containerId}`;
  }

  get engine(): string {
    return this.parent.engine;
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.endpoint;
    const item = new vscode.TreeItem(e.containerName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = containerDescription(e);
    const [icon, color] = STATE_ICONS[e.state] ?? ['question', undefined];
    item.iconPath = new vscode.ThemeIcon(
      e.sharedFrom ? 'link' : icon,
      color ? new vscode.ThemeColor(color) : undefined,
    );
    item.contextValue = `${ContextValues.container}+${e.state}${e.sharedFrom ? '+shared' : ''}`;
    item.accessibilityInformation = { label: `${e.containerName}, ${item.description}` };
    return item;
  }

  async resolveTooltip(): Promise<vscode.MarkdownString> {
    const e = this.endpoint;
    const details: ContainerDetails = {};
    const { store } = this.ctx;
    const network = this.parent.network;
    // The list call leaves aliases out on older engines; the container's inspect has them.
    if (!e.aliases.length && !e.dnsNames.length && !e.sharedFrom) {
      try {
        const settings = (await store.containerDetails(this.engine, e.containerId)).NetworkSettings?.Networks?.[
          network.name
        ];
        if (settings?.Aliases) details.aliases = settings.Aliases;
        if (settings?.DNSNames) details.dnsNames = settings.DNSNames;
      } catch {
        // The tooltip shows what the list had; the container may be gone already.
      }
    }
    try {
      [details.plumbing] = await store.plumbing(this.engine, [{ network, endpoints: [e] }]);
    } catch {
      // The engine is no longer configured: no plumbing line.
    }
    return untrusted(containerTooltip(e, network.name, details));
  }

  getChildren(): TreeRow[] {
    return [];
  }
}

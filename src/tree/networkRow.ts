import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { contextFlag, ContextValues } from '../commands/ids';
import { code, escapeMarkdown, networkTooltip } from '../model/markdown';
import { EndpointModel, NetworkModel } from '../model/snapshot';
import { describeFailure } from '../store';
import { ContainerRow } from './containerRow';
import { MessageRow, TreeContext, TreeRow, untrusted } from './rows';
import { NetworkRowData, UpdatableRow } from './rowCache';
import { LoadBalancerRow, PeersRow, RemoteContainersRow, ServicesRow } from './swarmRows';

const DRIVER_ICONS: Record<string, string> = {
  bridge: 'type-hierarchy-sub',
  host: 'vm',
  null: 'circle-slash',
  overlay: 'globe',
  macvlan: 'plug',
  ipvlan: 'debug-disconnect',
};

/**
 * The description: driver · scope · first IPv4 subnet (· first IPv6 subnet) (· built-in); for a
 * swarm network the managers have not allocated yet, that it is being created (its driver and
 * addresses are not known yet, and a half-known row would read as if it were complete).
 */
export function networkDescription(n: NetworkModel): string {
  if (n.pending) return [n.scope, l10n.t('being created…')].filter(Boolean).join(' · ');
  const v4 = n.ipam.configs.find((c) => c.subnet && !c.subnet.includes(':'))?.subnet;
  const v6 = n.ipv6 ? n.ipam.configs.find((c) => c.subnet?.includes(':'))?.subnet : undefined;
  return [n.driver, n.scope, v4, v6, n.builtIn ? l10n.t('built-in') : undefined].filter(Boolean).join(' · ');
}

export class NetworkRow implements UpdatableRow<NetworkRowData> {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    readonly engine: string,
    public network: NetworkModel,
    /** The containers the filter matched; undefined: all of them (made only when the row opens). */
    public endpoints: EndpointModel[] | undefined,
    readonly parent: TreeRow | undefined,
    /** A swarm network that other engines of the same swarm show too: all those engines. */
    public sameOn?: readonly string[],
    /** Its engine's containers are still being read: its own are not known yet. */
    public listed = false,
  ) {
    this.id = `${engine}/network/${network.id}`;
  }

  /** The same network in a newer snapshot (the row keeps its identity: VS Code knows it by it). */
  update(d: NetworkRowData): void {
    this.network = d.network;
    this.endpoints = d.endpoints;
    this.sameOn = d.sameOn;
    this.listed = d.listed;
  }

  /** Overlay networks have more to show (load balancer, services, peers), read when expanded. */
  private get hasDetails(): boolean {
    return this.network.driver === 'overlay';
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.network;
    const expandable = this.listed || (this.endpoints?.length ?? n.endpointCount) > 0 || this.hasDetails;
    const item = new vscode.TreeItem(
      n.name,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description =
      networkDescription(n) + (this.sameOn ? ` · ${l10n.t('on {0} engines', this.sameOn.length)}` : '');
    item.iconPath = new vscode.ThemeIcon(n.pending ? 'loading~spin' : (DRIVER_ICONS[n.driver] ?? 'extensions'));
    // The ingress network is the engine's, but the user may replace it (remove, then create another).
    const flags = [
      n.builtIn ? 'builtIn' : 'custom',
      ...(n.ingress ? ['ingress'] : []),
      // Edit Network recreates neither a configuration network nor one still being created.
      ...(n.configOnly || n.configFrom ? ['config'] : []),
      ...(n.pending ? ['pending'] : []),
      ...(this.listed ? [] : [n.endpointCount ? 'attached' : 'empty']),
      `driver-${contextFlag(n.driver)}`,
      `scope-${contextFlag(n.scope)}`,
    ];
    item.contextValue = `${ContextValues.network}+${flags.join('+')}`;
    item.accessibilityInformation = { label: `${n.name}, ${item.description}` };
    return item;
  }

  async resolveTooltip(): Promise<vscode.MarkdownString> {
    const same =
      this.sameOn &&
      `${escapeMarkdown(l10n.t('The same swarm network (same ID) on these engines:'))} ${this.sameOn.map(code).join(', ')}`;
    return untrusted([networkTooltip(this.network), same].filter(Boolean).join('\n\n'));
  }

  async getChildren(): Promise<TreeRow[]> {
    // Its rows come with the snapshot, which redraws the view.
    if (this.listed)
      return [new MessageRow(this, `${this.id}/listing`, l10n.t('Reading the containers…'), 'loading~spin')];
    const children: TreeRow[] = (this.endpoints ?? this.network.endpoints).map(
      (e) => new ContainerRow(this.ctx, this, e),
    );
    if (!this.hasDetails) return children;
    try {
      const details = await this.ctx.store.swarmDetails(this.engine, this.network.id);
      if (details.loadBalancer) children.push(new LoadBalancerRow(this, details.loadBalancer));
      const localAddr = this.ctx.store.engine(this.engine)?.version?.swarm.nodeAddr;
      const remote = details.attached.filter((t) => t.nodeIp && t.nodeIp !== localAddr);
      if (remote.length) children.push(new RemoteContainersRow(this, remote));
      if (details.services.length) children.push(new ServicesRow(this, details.services));
      if (details.peers.length) children.push(new PeersRow(this, details.peers));
    } catch (e) {
      children.push(new MessageRow(this, `${this.id}/details-error`, describeFailure(e).message, 'warning'));
    }
    return children;
  }
}

/** Networks grouped by driver, scope or Compose project. */
export class GroupRow implements TreeRow {
  readonly id: string;

  constructor(
    readonly parent: TreeRow | undefined,
    readonly engine: string,
    /** What the networks are grouped by, e.g. "driver", and this group's value, e.g. "bridge". */
    private readonly groupBy: string,
    readonly key: string,
    private readonly children: (parent: GroupRow) => TreeRow[],
    private readonly count: number,
  ) {
    this.id = `${engine}/${groupBy}/${key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const byProject = this.groupBy === 'composeProject';
    const label = byProject && !this.key ? l10n.t('Not from Compose or a stack') : this.key;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = l10n.t('{0} networks', this.count);
    item.iconPath = new vscode.ThemeIcon(byProject && this.key ? 'layers' : 'folder');
    item.contextValue = ContextValues.group;
    return item;
  }

  getChildren(): TreeRow[] {
    return this.children(this);
  }
}

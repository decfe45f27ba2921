// What an overlay network adds under it: this node's load balancer endpoint, and on a manager the
// services with their tasks (and the node each runs on) and the peers the network spans.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { ContextValues } from '../commands/ids';
import { code, escapeMarkdown } from '../model/markdown';
import { LoadBalancerModel, PeerModel, ServiceModel, SwarmNodeModel, TaskModel } from '../model/swarm';
import { TreeRow, untrusted } from './rows';

function leaf(
  id: string,
  label: string,
  description: string,
  icon: string | vscode.ThemeIcon,
  contextValue: string,
  tooltip?: string,
): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = description;
  item.iconPath = typeof icon === 'string' ? new vscode.ThemeIcon(icon) : icon;
  item.contextValue = contextValue;
  if (tooltip) item.tooltip = untrusted(tooltip);
  return item;
}

/** A row that gathers others (services, nodes, containers elsewhere), with how many. */
function group(
  id: string,
  label: string,
  description: string,
  icon: vscode.ThemeIcon,
  expanded = false,
): vscode.TreeItem {
  const item = new vscode.TreeItem(
    label,
    expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = id;
  item.description = description;
  item.iconPath = icon;
  item.contextValue = ContextValues.group;
  return item;
}

export class LoadBalancerRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly lb: LoadBalancerModel,
  ) {
    this.id = `${parent.id}/lb`;
  }
  getTreeItem(): vscode.TreeItem {
    const label = l10n.t('load balancer');
    return leaf(
      this.id,
      label,
      [this.lb.ipv4, this.lb.ipv6].filter(Boolean).join(' · '),
      'server-process',
      ContextValues.loadBalancer,
      [
        `**${escapeMarkdown(label)}** ${code(this.lb.name)}`,
        this.lb.mac && `MAC ${code(this.lb.mac)}`,
        this.lb.endpointId && `${escapeMarkdown(l10n.t('Endpoint'))} ${code(this.lb.endpointId.slice(0, 12))}`,
      ]
        .filter(Boolean)
        .join('  \n'),
    );
  }
  getChildren(): TreeRow[] {
    return [];
  }
}

export class ServicesRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly services: ServiceModel[],
  ) {
    this.id = `${parent.id}/services`;
  }
  getTreeItem(): vscode.TreeItem {
    return group(this.id, l10n.t('Services'), String(this.services.length), new vscode.ThemeIcon('layers'), true);
  }
  getChildren(): TreeRow[] {
    return this.services.map((s) => new ServiceRow(this, s));
  }
}

export class ServiceRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly service: ServiceModel,
  ) {
    this.id = `${parent.id}/${service.name}`;
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.service;
    const item = new vscode.TreeItem(
      s.name,
      s.tasks.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = [s.vip && `VIP ${s.vip}`, l10n.t('{0} tasks', s.tasks.length)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('layers-active');
    item.contextValue = ContextValues.service;
    item.tooltip = untrusted(
      [
        `**${escapeMarkdown(s.name)}**`,
        s.vip && `VIP ${code(s.vip)}`,
        s.ports.length ? `${escapeMarkdown(l10n.t('Ports'))}: ${s.ports.map(code).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('  \n'),
    );
    return item;
  }
  getChildren(): TreeRow[] {
    return this.service.tasks.map((t) => new TaskRow(this, t));
  }
}

export class TaskRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly task: TaskModel,
  ) {
    this.id = `${parent.id}/${task.endpointId ?? task.name}`;
  }
  getTreeItem(): vscode.TreeItem {
    const t = this.task;
    const description = [
      t.ip,
      t.node && l10n.t('on {0}', t.node),
      t.nodeState && t.nodeState !== 'ready' && nodeStateLabel(t.nodeState),
    ]
      .filter(Boolean)
      .join(' · ');
    return leaf(
      this.id,
      t.name,
      description,
      'symbol-event',
      ContextValues.task,
      [
        `**${escapeMarkdown(t.name)}**`,
        t.ip && `IP ${code(t.ip)}`,
        t.node && `${escapeMarkdown(l10n.t('Node'))} ${code(t.node)}${t.nodeIp ? ` (${code(t.nodeIp)})` : ''}`,
      ]
        .filter(Boolean)
        .join('  \n'),
    );
  }
  getChildren(): TreeRow[] {
    return [];
  }
}

export class PeersRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly peers: PeerModel[],
  ) {
    this.id = `${parent.id}/peers`;
  }
  getTreeItem(): vscode.TreeItem {
    return group(this.id, l10n.t('Nodes'), String(this.peers.length), new vscode.ThemeIcon('server-environment'));
  }
  getChildren(): TreeRow[] {
    return this.peers.map((p) => ({
      id: `${this.id}/${p.ip}`,
      parent: this,
      getTreeItem: () =>
        leaf(
          `${this.id}/${p.ip}`,
          p.name,
          [p.ip, p.nodeState && nodeStateLabel(p.nodeState)].filter(Boolean).join(' · '),
          nodeIcon(p.nodeState),
          ContextValues.peer,
        ),
      getChildren: () => [],
    }));
  }
}

/** A node's state in the user's words: ready, down, … */
export function nodeStateLabel(state: string): string {
  switch (state) {
    case 'ready':
      return l10n.t('ready');
    case 'down':
      return l10n.t('down');
    case 'disconnected':
      return l10n.t('disconnected');
    default:
      return l10n.t('state unknown');
  }
}

function nodeIcon(state: string | undefined): vscode.ThemeIcon {
  return state && state !== 'ready'
    ? new vscode.ThemeIcon('server', new vscode.ThemeColor('list.errorForeground'))
    : new vscode.ThemeIcon('server');
}

/** A manager's nodes of the swarm, first under its engine: who is up, who leads. */
export class SwarmNodesRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly nodes: readonly SwarmNodeModel[],
  ) {
    this.id = `${parent.id}/swarm-nodes`;
  }
  getTreeItem(): vscode.TreeItem {
    const notReady = this.nodes.filter((n) => n.state !== 'ready').length;
    return group(
      this.id,
      l10n.t('Swarm nodes'),
      notReady ? l10n.t('{0} · {1} not ready', this.nodes.length, notReady) : String(this.nodes.length),
      notReady
        ? new vscode.ThemeIcon('server-environment', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('server-environment'),
    );
  }
  getChildren(): TreeRow[] {
    return this.nodes.map((n) => {
      const id = `${this.id}/${n.id}`;
      const role =
        n.role === 'manager' ? (n.leader ? l10n.t('manager (leader)') : l10n.t('manager')) : l10n.t('worker');
      const description = [role, nodeStateLabel(n.state), n.availability !== 'active' && n.availability, n.addr]
        .filter(Boolean)
        .join(' · ');
      const tooltip = [
        `**${escapeMarkdown(n.hostname)}** ${code(n.id.slice(0, 12))}`,
        `${escapeMarkdown(role)} · ${escapeMarkdown(nodeStateLabel(n.state))} · ${escapeMarkdown(n.availability)}`,
        n.reachability && escapeMarkdown(l10n.t('Manager reachability: {0}', n.reachability)),
        n.addr && `IP ${code(n.addr)}`,
        n.engineVersion && escapeMarkdown(l10n.t('Engine {0}', n.engineVersion)),
        n.message && escapeMarkdown(n.message),
      ]
        .filter(Boolean)
        .join('  \n');
      return {
        id,
        parent: this,
        getTreeItem: () =>
          leaf(
            id,
            n.hostname,
            description,
            nodeIcon(n.state),
            `${ContextValues.swarmNode}+${n.role}+${n.state}`,
            tooltip,
          ),
        getChildren: () => [],
      };
    });
  }
}

/**
 * Containers attached to the network on other nodes of the swarm (a manager's verbose inspect
 * knows them); those of this node are the network's own children.
 */
export class RemoteContainersRow implements TreeRow {
  readonly id: string;
  constructor(
    readonly parent: TreeRow,
    readonly containers: TaskModel[],
  ) {
    this.id = `${parent.id}/remote`;
  }
  getTreeItem(): vscode.TreeItem {
    return group(this.id, l10n.t('On other nodes'), String(this.containers.length), new vscode.ThemeIcon('remote'));
  }
  getChildren(): TreeRow[] {
    return this.containers.map((t) => new TaskRow(this, t));
  }
}

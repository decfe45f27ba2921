import * as vscode from 'vscode';
import { l10n } from '../util/text';
import { ContextValues } from '../commands/ids';
import { code, escapeMarkdown } from '../model/markdown';
import { groupNetworks, shownNetworks } from '../model/arrange';
import { EngineState } from '../store';
import { GroupRow, NetworkRow } from './networkRow';
import { errorActions, MessageRow, TreeContext, TreeRow, untrusted } from './rows';
import { SwarmNodesRow } from './swarmRows';
import { UpdatableRow } from './rowCache';

/** The networks of one engine as the view settings arrange them, under `parent` (or the root). */
export function networkRows(ctx: TreeContext, engine: EngineState, parent: TreeRow | undefined): TreeRow[] {
  const options = ctx.viewOptions();
  // Listed only (the first read's containers still coming): its networks, their containers to come.
  const listed = !engine.snapshot;
  const shown = shownNetworks((engine.snapshot ?? engine.listing)?.networks ?? [], options);
  const sameOn = sameNetworkOn(ctx, engine);
  const toRow = (p: TreeRow | undefined) => (s: (typeof shown)[number]) =>
    new NetworkRow(ctx, engine.name, s.network, s.endpoints, p, sameOn.get(s.network.id), listed);
  if (options.groupBy === 'none')
    return ctx.rows.networkRows(
      engine.name,
      parent,
      shown.map((s) => ({ network: s.network, endpoints: s.endpoints, sameOn: sameOn.get(s.network.id), listed })),
      (d) => new NetworkRow(ctx, engine.name, d.network, d.endpoints, parent, d.sameOn, d.listed),
    );
  ctx.rows.forget(engine.name);
  return groupNetworks(shown, options.groupBy).map(
    (g) =>
      new GroupRow(
        parent,
        engine.name,
        options.groupBy,
        g.key,
        (self) => g.networks.map(toRow(self)),
        g.networks.length,
      ),
  );
}

/** For each swarm network of this engine that other engines of its swarm show too: all of them. */
function sameNetworkOn(ctx: TreeContext, engine: EngineState): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!engine.version?.swarm.active || ctx.store.engines.length < 2) return map;
  const group = ctx.store.swarms().find((g) => g.engines.some((e) => e.engine === engine.name));
  for (const n of group?.networks ?? []) if (n.engines.length > 1) map.set(n.id, n.engines);
  return map;
}

/** One engine, shown as the top level when several are configured. */
export class EngineRow implements UpdatableRow<EngineState> {
  readonly id: string;
  readonly parent = undefined;

  constructor(
    private readonly ctx: TreeContext,
    public engine: EngineState,
  ) {
    this.id = `${engine.name}`;
  }

  /** The engine's newer state (the row keeps its identity: VS Code knows it by it). */
  update(state: EngineState): void {
    this.engine = state;
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.engine;
    const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    if (e.status === 'error') {
      item.description = e.error?.message ?? l10n.t('unreachable');
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    } else if (e.status === 'ready' && e.version) {
      const swarm = e.version.swarm;
      const role = swarm.active ? (swarm.manager ? l10n.t('swarm manager') : l10n.t('swarm worker')) : undefined;
      const api = e.version.apiVersion && `API ${e.version.apiVersion}`;
      item.description = [
        e.version.version,
        api,
        role,
        swarm.active && swarm.nodeName,
        e.version.operatingSystem || e.version.os,
      ]
        .filter(Boolean)
        .join(' · ');
      item.iconPath = new vscode.ThemeIcon('server');
    } else {
      item.description = l10n.t('connecting…');
      item.iconPath = new vscode.ThemeIcon('loading~spin');
    }
    item.contextValue = `${ContextValues.engine}+${e.status}`;
    item.tooltip = untrusted(
      [
        `**${escapeMarkdown(e.name)}**`,
        code(e.endpoint.host),
        e.version &&
          escapeMarkdown(
            `${e.version.product} ${e.version.version} (API ${e.version.apiVersion}), ${e.version.os}/${e.version.arch}`,
          ),
        e.version?.firewallBackend && escapeMarkdown(l10n.t('Firewall: {0}', e.version.firewallBackend)),
        e.error && escapeMarkdown(e.error.userMessage),
      ]
        .filter(Boolean)
        .join('  \n'),
    );
    return item;
  }

  getChildren(): TreeRow[] {
    const e = this.engine;
    if (e.status === 'error') {
      return [
        new MessageRow(
          this,
          `${this.id}/error`,
          e.error?.userMessage ?? '',
          'warning',
          undefined,
          e.error?.daemonMessage,
        ),
        ...errorActions(this, e.name, e.error),
      ];
    }
    if (!e.snapshot && !e.listing)
      return [new MessageRow(this, `${this.id}/loading`, l10n.t('Connecting to the engine…'), 'loading~spin')];
    const swarm: TreeRow[] = e.swarmNodes?.length ? [new SwarmNodesRow(this, e.swarmNodes)] : [];
    const rows = networkRows(this.ctx, e, this);
    if (rows.length) return [...swarm, ...rows];
    const filter = this.ctx.viewOptions().filter;
    return [
      ...swarm,
      new MessageRow(
        this,
        `${this.id}/empty`,
        filter ? l10n.t('No networks match "{0}".', filter) : l10n.t('No networks.'),
        'info',
      ),
    ];
  }
}

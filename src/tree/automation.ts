// The tree as plain data, for the API (automation and the host tests): what the view renders,
// found by node id the way a person would expand it.
import * as vscode from 'vscode';
import type { TreeItemView } from '../api';
import { NetworksTreeProvider } from './networksView';
import { TreeNode } from './nodes';

async function find(provider: NetworksTreeProvider, id: string): Promise<TreeNode | undefined> {
  let nodes = await provider.getChildren();
  for (;;) {
    const next = nodes.find((n) => id === n.id || id.startsWith(`${n.id}/`));
    if (!next || next.id === id) return next;
    nodes = await next.getChildren();
  }
}

export async function treeItems(provider: NetworksTreeProvider, parentId?: string, withTooltips = false): Promise<TreeItemView[]> {
  const parent = parentId === undefined ? undefined : await find(provider, parentId);
  if (parentId !== undefined && !parent) return [];
  const children = await provider.getChildren(parent);
  return Promise.all(
    children.map(async (node) => {
      const item = node.getTreeItem();
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const view: TreeItemView = {
        id: node.id,
        label,
        collapsible: item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
      };
      if (typeof item.description === 'string') view.description = item.description;
      if (item.contextValue) view.contextValue = item.contextValue;
      if (item.iconPath instanceof vscode.ThemeIcon) view.icon = item.iconPath.id;
      if (withTooltips) {
        const tooltip = item.tooltip ?? (await node.resolveTooltip?.());
        if (tooltip) view.tooltip = typeof tooltip === 'string' ? tooltip : tooltip.value;
      }
      return view;
    }),
  );
}

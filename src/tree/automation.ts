// The tree as plain data, for the API (automation and the host tests): what the view renders,
// found by node id the way a person would expand it.
import * as vscode from 'vscode';
import type { TreeItemView } from '../api';
import type { NetworksTreeProvider } from './networksView';
import { shownTreeItem } from './nodes';
import { GroupNode } from './networkNode';
import { TreeNode } from './nodes';

/**
 * Finds the node with this id, expanding only what can lead to it: engines and networks whose id
 * prefixes it, and groups (whose ids do not prefix their networks').
 */
export async function findNode(provider: NetworksTreeProvider, id: string): Promise<TreeNode | undefined> {
  const queue: TreeNode[] = [...(await provider.getChildren())];
  while (queue.length) {
    const node = queue.shift()!;
    if (node.id === id) return node;
    if (id.startsWith(`${node.id}/`) || node instanceof GroupNode) queue.push(...(await node.getChildren()));
  }
  return undefined;
}

export async function treeItems(provider: NetworksTreeProvider, parentId?: string, withTooltips = false): Promise<TreeItemView[]> {
  const parent = parentId === undefined ? undefined : await findNode(provider, parentId);
  if (parentId !== undefined && !parent) return [];
  const children = await provider.getChildren(parent);
  return Promise.all(
    children.map(async (node) => {
      const item = shownTreeItem(node);
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

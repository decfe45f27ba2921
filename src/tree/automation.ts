// The tree as plain data, for the API (automation and the host tests): what the view renders,
// found by row id the way a person would expand it.
import * as vscode from 'vscode';
import type { TreeItemView } from '../api';
import type { NetworksTreeProvider } from './networksView';
import { shownTreeItem } from './rows';
import { GroupRow } from './networkRow';
import { TreeRow } from './rows';

/**
 * Finds the row with this id, expanding only what can lead to it: engines and networks whose id
 * prefixes it, and groups (whose ids do not prefix their networks').
 */
export async function findRow(provider: NetworksTreeProvider, id: string): Promise<TreeRow | undefined> {
  const queue: TreeRow[] = [...(await provider.getChildren())];
  while (queue.length) {
    const row = queue.shift()!;
    if (row.id === id) return row;
    if (id.startsWith(`${row.id}/`) || row instanceof GroupRow) queue.push(...(await row.getChildren()));
  }
  return undefined;
}

export async function treeItems(
  provider: NetworksTreeProvider,
  parentId?: string,
  withTooltips = false,
): Promise<TreeItemView[]> {
  const parent = parentId === undefined ? undefined : await findRow(provider, parentId);
  if (parentId !== undefined && !parent) return [];
  const children = await provider.getChildren(parent);
  return Promise.all(
    children.map(async (row) => {
      const item = shownTreeItem(row);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const view: TreeItemView = {
        id: row.id,
        label,
        collapsible: item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
      };
      if (typeof item.description === 'string') view.description = item.description;
      if (item.contextValue) view.contextValue = item.contextValue;
      if (item.iconPath instanceof vscode.ThemeIcon) view.icon = item.iconPath.id;
      if (withTooltips) {
        const tooltip = item.tooltip ?? (await row.resolveTooltip?.());
        if (tooltip) view.tooltip = typeof tooltip === 'string' ? tooltip : tooltip.value;
      }
      return view;
    }),
  );
}

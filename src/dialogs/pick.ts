// Every quick pick goes through here: what an item shows is made plain (a network named
// "$(zap) …" shows the characters, not an icon; control and bidi characters are visible), unless
// the item says its text is ours (`trusted`, for the icons of our own rows). The caller gets back
// the items it gave, unchanged, so a label still names the engine's object exactly.
import * as vscode from 'vscode';
import { plain } from '../util/text';
import { keep } from './notify';

export type PickItem = vscode.QuickPickItem & { trusted?: boolean };

function shown<T extends PickItem>(item: T): T {
  if (item.trusted || item.kind === vscode.QuickPickItemKind.Separator) return item;
  return {
    ...item,
    label: plain(item.label),
    ...(item.description !== undefined ? { description: plain(item.description, 400) } : {}),
    ...(item.detail !== undefined ? { detail: plain(item.detail, 400) } : {}),
  };
}

/** The items as shown, and the way back from a shown item to the one given. */
export function showable<T extends PickItem>(items: readonly T[]): { items: T[]; original(item: T): T } {
  const shownItems = items.map(shown);
  const back = new Map<T, T>(shownItems.map((s, i) => [s, items[i]]));
  return { items: shownItems, original: (item) => back.get(item) ?? item };
}

/** Kept with the notifications, for the tests: which question, which answers. */
function note(items: readonly PickItem[], options: vscode.QuickPickOptions): void {
  keep({
    kind: 'pick',
    message: plain(options.title ?? ''),
    ...(options.placeHolder ? { detail: plain(options.placeHolder) } : {}),
    actions: items.map((i) => i.label),
  });
}

/** One item, or undefined when dismissed. */
export async function pickOne<T extends PickItem>(
  items: readonly T[],
  options: vscode.QuickPickOptions = {},
): Promise<T | undefined> {
  const s = showable(items);
  note(s.items, options);
  // eslint-disable-next-line no-restricted-syntax -- the one place quick picks are shown
  const picked = await vscode.window.showQuickPick(s.items, { ...options, canPickMany: false });
  return picked && s.original(picked);
}

/** Several items, or undefined when dismissed. */
export async function pickMany<T extends PickItem>(
  items: readonly T[],
  options: vscode.QuickPickOptions = {},
): Promise<T[] | undefined> {
  const s = showable(items);
  note(s.items, options);
  // eslint-disable-next-line no-restricted-syntax -- the one place quick picks are shown
  const picked = await vscode.window.showQuickPick(s.items, { ...options, canPickMany: true });
  return picked?.map(s.original);
}

/** One of these strings (image tags, say), shown plain, returned as given. */
export async function pickText(
  values: readonly string[],
  options: vscode.QuickPickOptions = {},
): Promise<string | undefined> {
  return (
    await pickOne(
      values.map((v) => ({ label: v, value: v })),
      options,
    )
  )?.value;
}

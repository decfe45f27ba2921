import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { Call } from '../contract';
import { Commands } from '../ids';

/**
 * Narrows the view to networks whose name, driver, subnet or labels match, or that have a matching
 * container. Takes `{ text }` or asks, prefilled with the current filter.
 */
export async function filter(call: Call<typeof Commands.filter>): Promise<void> {
  const { view } = call.ctx;
  if (call.args) {
    view.setFilter(call.args.text);
    return;
  }
  const text = await vscode.window.showInputBox({
    title: l10n.t('Filter Networks'),
    prompt: l10n.t('Network name, driver, subnet, label or container name'),
    value: view.filter ?? '',
    placeHolder: l10n.t('e.g. backend, overlay, 172.18., com.docker.compose.project'),
  });
  if (text !== undefined) view.setFilter(text);
}

export function clearFilter(call: Call<typeof Commands.clearFilter>): void {
  call.ctx.view.setFilter(undefined);
}

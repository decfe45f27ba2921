import * as vscode from 'vscode';
import { EXTENSION_ID } from '../ids';

export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
}

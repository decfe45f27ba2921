// Which shell a copied command line is written for: the setting dockerNetworks.shell, or the shell
// VS Code's terminal uses (vscode.env.shell).
import * as vscode from 'vscode';
import { flavorOf, SHELL_FLAVORS, ShellFlavor } from '../model/shell';
import { ArgumentError } from './args';
import { SETTINGS_SECTION } from './ids';
import { l10n } from '../util/text';

export function userShell(): ShellFlavor {
  const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('shell', 'auto');
  if ((SHELL_FLAVORS as readonly string[]).includes(setting)) return setting as ShellFlavor;
  return flavorOf(vscode.env.shell);
}

/** A `shell` field of an arguments object, checked; the user's shell when absent. */
export function shellArgument(command: string, value: unknown): ShellFlavor {
  if (value === undefined) return userShell();
  if (typeof value === 'string' && (SHELL_FLAVORS as readonly string[]).includes(value)) return value as ShellFlavor;
  throw new ArgumentError(l10n.t('{0}: the argument "shell" must be one of {1}.', command, SHELL_FLAVORS.join(', ')));
}

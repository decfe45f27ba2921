// The helper image every look from inside a container runs: the setting, checked, and on the
// engine before the first helper starts (asked before it is pulled, the pull's progress shown).
import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { checkImage } from '../../model/validate';
import { ArgumentError } from '../args';
import { CommandContext } from '../context';
import { SETTINGS_SECTION } from '../ids';
import { Cancelled, confirm, withProgress } from '../prompts';

/** What a panel that runs helpers shows while it waits. */
export interface ShowsProgress {
  running(message: string): void;
  failed(message: string): void;
}

/** The setting dockerNetworks.diagnostics.image, refused when it is not an image reference. */
export function helperImage(): string {
  const image = vscode.workspace
    .getConfiguration(SETTINGS_SECTION)
    .get<string>('diagnostics.image', 'busybox:latest')
    .trim();
  const problem = checkImage(image);
  if (problem)
    throw new ArgumentError(
      l10n.t('The setting {0} is not an image: {1}', 'dockerNetworks.diagnostics.image', problem),
    );
  return image;
}

/**
 * The helper image must be on the engine: when it is not, ask before pulling it (it is the
 * engine that downloads, from its registry) and show the pull's progress.
 */
export async function ensureImage(
  ctx: CommandContext,
  engine: string,
  image: string,
  panel: ShowsProgress | undefined,
): Promise<void> {
  const client = ctx.store.client(engine)!;
  if (await client.hasImage(image)) return;
  const pull = l10n.t('Pull {0}', image);
  panel?.running(l10n.t('Waiting for your answer: pull {0} onto {1}?', image, engine));
  const answer = await confirm(
    l10n.t('Pull {0} onto {1}?', image, engine),
    l10n.t(
      'The diagnosis looks from inside the containers with short-lived helper containers made from {0} (the setting {1}); {2} does not have that image. The containers under test are not changed.',
      image,
      'dockerNetworks.diagnostics.image',
      engine,
    ),
    pull,
  );
  if (answer !== pull) {
    panel?.failed(l10n.t('{0} does not have {1}, and it was not pulled.', engine, image));
    throw new Cancelled();
  }
  await withProgress(l10n.t('Pulling {0} onto {1}…', image, engine), (signal, report) =>
    client.pullImage(
      image,
      (status) => {
        report(status);
        panel?.running(l10n.t('Pulling {0}: {1}', image, status));
      },
      { signal },
    ),
  );
}

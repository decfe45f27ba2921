import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { pickOne, pickText } from '../../dialogs/pick';
import { runCommandLine } from '../../model/render';
import { userShell } from '../shell';
import { checkContainerName, checkImage } from '../../model/validate';
import { NetworkRow } from '../../tree/networkRow';
import { ArgumentError } from '../args';
import { CommandContext } from '../context';
import { Call } from '../contract';
import { Commands } from '../ids';
import { loadedEngine } from '../targets';
import { orCancel, pickNetwork, withProgress } from '../prompts';

/** Splits a command line into words, honouring single and double quotes (no expansions). */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return words;
}

/**
 * `docker run -d --network <network> [--name <name>] <image> [command…]`: from a network's row, the
 * palette, or `{ network, image, name?, command?, engine? }`. Returns the new container's `{ id, name }`
 * and `commandLine`, the same `docker run` line for a shell, which the report offers to copy.
 */
export async function runContainer(
  call: Call<typeof Commands.runContainer>,
): Promise<{ id: string; name: string; commandLine: string } | undefined> {
  const { ctx, args } = call;
  let engineName: string;
  let network: string;
  let image: string;
  let name: string | undefined;
  let command: string[] | undefined;
  if (args) {
    const problem = checkImage(args.image) ?? (args.name !== undefined ? checkContainerName(args.name) : undefined);
    if (problem) throw new ArgumentError(problem);
    const found = await call.network({ title: l10n.t('Run Container on Network'), attachable: true });
    engineName = found.engine.name;
    network = found.network.name;
    ({ image, name, command } = args);
  } else {
    const row = call.row instanceof NetworkRow ? call.row : undefined;
    const engine = row
      ? await loadedEngine(ctx.store, await pickSwarmNode(ctx, row))
      : await call.engine(l10n.t('Run Container on Network'));
    engineName = engine.name;
    network = row
      ? row.network.name
      : (await pickNetwork(engine, l10n.t('Run a container on…'), (n) => !n.configOnly)).name;
    const images = await ctx.store.client(engineName)!.listImages();
    const tags = images.flatMap((i) => (i.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>')).sort();
    if (!tags.length)
      throw new ArgumentError(l10n.t('{0} has no local images; pull one first (docker pull).', engineName));
    image = orCancel(
      await pickText(tags, { title: l10n.t('Run a container on {0}', network), placeHolder: l10n.t('Image') }),
    );
    const typedName = orCancel(
      await vscode.window.showInputBox({
        title: l10n.t('Run a container on {0}', network),
        prompt: l10n.t('Container name; leave empty for a generated one'),
        validateInput: (v) => (v.trim() ? checkContainerName(v.trim()) : undefined),
      }),
    );
    name = typedName.trim() || undefined;
    const line = orCancel(
      await vscode.window.showInputBox({
        title: l10n.t('Run a container on {0}', network),
        prompt: l10n.t("Command to run; leave empty for the image's own"),
      }),
    );
    command = line.trim() ? splitCommand(line) : undefined;
  }
  const client = ctx.store.client(engineName)!;
  const { id } = await withProgress(l10n.t('Starting a container on {0}…', network), (signal) =>
    client.runContainer({ image, network, ...(name ? { name } : {}), ...(command ? { command } : {}) }, { signal }),
  );
  const actualName = name ?? ((await client.inspectContainer(id)).Name ?? id).replace(/^\//, '');
  await ctx.store.refresh(engineName);
  const spec = { network, image, ...(name ? { name } : {}), ...(command ? { command } : {}) };
  // For the user's shell; a command that shell cannot take on one line is given for sh instead.
  let commandLine: string;
  try {
    commandLine = runCommandLine(spec, userShell());
  } catch {
    commandLine = runCommandLine(spec, 'posix');
  }
  const copy = l10n.t('Copy docker run Command');
  void notify.info(l10n.t('Started {0} on {1}.', actualName, network), copy).then(async (choice) => {
    if (choice !== copy) return;
    await vscode.env.clipboard.writeText(commandLine);
    notify.status(l10n.t('Copied {0}', commandLine), 3_000);
  });
  return { id, name: actualName, commandLine };
}

/**
 * An attachable swarm network reaches every node of its swarm: when several engines of that swarm
 * are shown, ask on which node the container should run (the engine of the network's row first).
 */
async function pickSwarmNode(ctx: CommandContext, row: NetworkRow): Promise<string> {
  const n = row.network;
  if (n.scope !== 'swarm' || !n.attachable) return row.engine;
  const group = ctx.store.swarms().find((g) => g.engines.some((m) => m.engine === row.engine));
  const members = (group?.engines ?? []).filter((m) => ctx.store.engine(m.engine)?.status === 'ready');
  if (members.length < 2) return row.engine;
  members.sort((a, b) => Number(b.engine === row.engine) - Number(a.engine === row.engine));
  const picked = orCancel(
    await pickOne(
      members.map((m) => ({
        label: m.engine,
        description: [m.hostname, m.role && (m.role === 'manager' ? l10n.t('manager') : l10n.t('worker')), m.state]
          .filter(Boolean)
          .join(' · '),
      })),
      { title: l10n.t('Run a container on {0}', n.name), placeHolder: l10n.t('On which node of the swarm?') },
    ),
  );
  return picked.label;
}

// What the editor shows over a Compose file's network: the lens above its key and the hover on it
// and on each service's entry for it. Engine text is hostile: lens titles go through plain() (no
// `$(icon)`, no links), hover text through escapeMarkdown/code, and the only links are the
// extension's own commands with their arguments. Pure.
import { l10n, plain } from '../../util/text';
import { Commands } from '../../commands/ids';
import { COMPOSE_PROJECT } from '../compose';
import { code, escapeMarkdown } from '../markdown';
import { NetworkModel } from '../snapshot';
import { NetworkStatus } from './project';

/** The commands a hover may link to (the MarkdownString trusts these and no others). */
export const HOVER_COMMANDS = [Commands.inspectNetwork, Commands.revealInTree, Commands.showReachability] as const;

export interface LensItem {
  title: string;
  /** No command: the lens is only text. */
  command?: string;
  args?: Record<string, unknown>;
}

/** What the engine is for the file now: read, being read, or not reachable. */
export type EngineView =
  | { state: 'read'; engine: string }
  | { state: 'reading'; engine: string }
  | { state: 'failed'; engine: string; message: string };

const subnets = (n: NetworkModel) =>
  n.ipam.configs
    .map((c) => c.subnet)
    .filter(Boolean)
    .join(', ');

const count = (n: number) => (n === 1 ? l10n.t('1 container') : l10n.t('{0} containers', n));

/** The lenses above a declared network's key. */
export function networkLenses(status: NetworkStatus, engine: EngineView): LensItem[] {
  const name = status.network.name;
  if (engine.state === 'reading') return [{ title: l10n.t('$(sync~spin) Reading {0}…', plain(engine.engine)) }];
  if (engine.state === 'failed')
    return [
      {
        title: l10n.t('$(warning) {0} cannot be read: {1}', plain(engine.engine), plain(engine.message, 80)),
        command: Commands.refresh,
        args: { engine: engine.engine },
      },
    ];
  const n = status.onEngine;
  if (!n)
    return [
      status.network.external
        ? { title: l10n.t('$(error) {0} is not on {1}', plain(name), plain(engine.engine)) }
        : { title: l10n.t('$(circle-outline) Not on {1} yet: Compose creates {0}', plain(name), plain(engine.engine)) },
    ];
  const parts = [plain(n.driver), ...(subnets(n) ? [plain(subnets(n))] : []), count(n.endpointCount)];
  const target = { network: n.id, engine: engine.engine };
  return [
    {
      title: l10n.t('$(check) {0} on {1}', plain(n.name), plain(engine.engine)) + ' · ' + parts.join(' · '),
      command: Commands.inspectNetwork,
      args: target,
    },
    { title: l10n.t('Reveal in Tree'), command: Commands.revealInTree, args: target },
    ...(n.endpoints.length > 1
      ? [{ title: l10n.t('Reachability'), command: Commands.showReachability, args: target }]
      : []),
  ];
}

/** A Markdown link to one of HOVER_COMMANDS with its arguments object. */
function link(title: string, command: (typeof HOVER_COMMANDS)[number], args: Record<string, unknown>): string {
  // encodeURIComponent leaves ( ) ! ' * as they are; a `)` from an engine's ID would end the link.
  const query = encodeURIComponent(JSON.stringify([args])).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `[${escapeMarkdown(title)}](command:${command}?${query})`;
}

/** The hover on a network's key, or on a service's entry for it (Markdown, every engine value escaped). */
export function networkHover(status: NetworkStatus, engine: EngineView): string {
  const out: string[] = [];
  const n = status.onEngine;
  const engineName = code(engine.engine);
  if (engine.state === 'reading') return escapeMarkdown(l10n.t('Reading the engine…')) + ` ${engineName}`;
  if (engine.state === 'failed')
    return `${escapeMarkdown(l10n.t('The engine cannot be read:'))} ${engineName}\n\n${escapeMarkdown(engine.message)}`;
  if (!n) {
    out.push(
      status.network.external
        ? escapeMarkdown(
            l10n.t('The external network {0} does not exist on the engine {1}.', status.network.name, engine.engine),
          )
        : escapeMarkdown(
            l10n.t(
              '{0} is not on the engine {1} yet: Compose creates it when the project starts.',
              status.network.name,
              engine.engine,
            ),
          ),
    );
    if (status.services.length)
      out.push('', escapeMarkdown(l10n.t('Services in this file on it: {0}', status.services.join(', '))));
    return out.join('\n');
  }
  out.push(`**${escapeMarkdown(n.name)}** — ${escapeMarkdown(l10n.t('on the engine'))} ${engineName}`, '');
  const facts: [string, string][] = [
    [l10n.t('driver'), `${code(n.driver)} (${escapeMarkdown(n.scope)})`],
    ...n.ipam.configs
      .filter((c) => c.subnet)
      .map((c): [string, string] => [
        l10n.t('subnet'),
        code(c.subnet!) + (c.gateway ? ` — ${escapeMarkdown(l10n.t('gateway'))} ${code(c.gateway)}` : ''),
      ]),
    ...(n.internal ? [[l10n.t('internal'), escapeMarkdown(l10n.t('yes'))] as [string, string]] : []),
    [
      l10n.t('containers'),
      String(n.endpoints.length) +
        (n.endpoints.length
          ? ' — ' +
            n.endpoints
              .slice(0, 10)
              .map((e) => code(e.containerName))
              .join(', ') +
            (n.endpoints.length > 10 ? ` ${escapeMarkdown(l10n.t('… and {0} more', n.endpoints.length - 10))}` : '')
          : ''),
    ],
    ...(status.services.length
      ? [[l10n.t('services in this file'), status.services.map(code).join(', ')] as [string, string]]
      : []),
    [
      l10n.t('made by'),
      escapeMarkdown(status.ours ? l10n.t('this project') : (n.labels[COMPOSE_PROJECT] ?? l10n.t('not this project'))),
    ],
  ];
  for (const [label, value] of facts) out.push(`- ${escapeMarkdown(label)}: ${value}`);
  const target = { network: n.id, engine: engine.engine };
  out.push(
    '',
    [
      link(l10n.t('Inspect Network'), Commands.inspectNetwork, target),
      link(l10n.t('Reveal in Tree'), Commands.revealInTree, target),
      link(l10n.t('Reachability'), Commands.showReachability, target),
    ].join(' · '),
  );
  return out.join('\n');
}

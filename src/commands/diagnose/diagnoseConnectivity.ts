import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { pickOne, PickItem } from '../../dialogs/pick';
import { runDiagnosis } from '../../diagnosis/run';
import { classifyTarget, containerPorts, DiagnosisResult, PortChoice, readPort, Target } from '../../model/diagnosis';
import { ContainerModel } from '../../model/snapshot';
import { describeFailure, EngineState } from '../../store';
import { ArgumentError } from '../args';
import { CommandContext } from '../context';
import { Call } from '../contract';
import { Commands } from '../ids';
import { ensureImage, helperImage } from './helperImage';
import { allContainers, Cancelled, orCancel, withProgress } from '../prompts';
import { loadedEngine } from '../targets';

const TITLE = () => l10n.t('Diagnose Connectivity');

interface Question {
  engine: EngineState;
  source: ContainerModel;
  /** As the user named it: a container's name, a DNS name, an address or `internet`. */
  targetText: string;
  /** The container the target is, when it is one: found again by ID, never by its name. */
  targetId?: string;
  port?: number;
  protocol: 'tcp' | 'udp';
}

/**
 * Why can this container not reach that one: from a container's row, the container panel, the
 * palette, or `{ source, target, port?, protocol?, engine?, show? }`. Runs the checks in helper
 * containers, shows them in a panel (unless `show: false`) and returns them.
 */
export async function diagnoseConnectivity(
  call: Call<typeof Commands.diagnoseConnectivity>,
): Promise<DiagnosisResult | undefined> {
  const { ctx, args } = call;
  const image = helperImage();
  const question = args ? await fromArguments(call) : await ask(call);
  const { engine, source, targetText, port, protocol } = question;
  const show = args?.show !== false;
  const panel = show
    ? ctx.panels.showDiagnosis({
        engine: engine.name,
        source: source.id,
        sourceName: source.name,
        target: targetText,
        port: port === undefined ? '' : String(port),
        protocol,
      })
    : undefined;
  const client = ctx.store.client(engine.name)!;
  try {
    await ensureImage(ctx, engine.name, image, panel);
    const started = performance.now();
    const result = await withProgress(
      l10n.t('Diagnosing {0} → {1}…', source.name, targetText),
      async (signal, report) => {
        const progress = (what: string) => {
          report(what);
          panel?.running(what);
        };
        progress(l10n.t('Reading the engine…'));
        await ctx.helpers.prepare(engine.name, client);
        // Checked against the engine as it is now, not as the last event left it (a fix just applied, say).
        await ctx.store.refresh(engine.name);
        const fresh = await loadedEngine(ctx.store, engine.name);
        const snapshot = fresh.snapshot!;
        const sourceNow = snapshot.containers.find((c) => c.id === source.id);
        if (!sourceNow)
          throw new ArgumentError(l10n.t('The container {0} was removed from {1}.', source.name, engine.name));
        const target = targetOf(question, snapshot.containers, engine.name);
        return runDiagnosis({
          client,
          engine: engine.name,
          snapshot,
          source: sourceNow,
          target,
          targetText,
          ...(port !== undefined ? { port } : {}),
          protocol,
          image,
          session: ctx.helpers.session,
          signal,
          progress,
        });
      },
    );
    const tookMs = performance.now() - started;
    ctx.log.info(
      `Diagnosis ${source.name} → ${targetText}${port !== undefined ? `:${port}/${protocol}` : ''} on ${engine.name}: ${result.reachable ? 'reachable' : 'not reachable'} in ${tookMs.toFixed(0)} ms`,
    );
    panel?.finished(result, tookMs);
    return result;
  } catch (e) {
    if (!(e instanceof Cancelled)) panel?.failed(describeFailure(e).message);
    throw e;
  }
}

/** The arguments object, checked before anything runs. */
async function fromArguments(call: Call<typeof Commands.diagnoseConnectivity>): Promise<Question> {
  const args = call.args!;
  const protocol = args.protocol ?? 'tcp';
  if (protocol !== 'tcp' && protocol !== 'udp')
    throw new ArgumentError(l10n.t('{0}: "protocol" is tcp or udp.', Commands.diagnoseConnectivity));
  if (args.port !== undefined && (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535))
    throw new ArgumentError(l10n.t('{0}: "port" is a whole number from 1 to 65535.', Commands.diagnoseConnectivity));
  const engine = await call.engine(TITLE());
  const source = await call.findContainer(engine, args.source);
  if (args.target === undefined) return { ...(await askTarget(call.ctx, engine, source)), engine, source };
  const target = classifyTarget(args.target, allContainers(engine));
  if (!target)
    throw new ArgumentError(
      l10n.t(
        '{0}: "target" is a container (name or ID), a DNS name, an IP address or "internet"; {1} is none of them.',
        Commands.diagnoseConnectivity,
        args.target,
      ),
    );
  if (target.kind === 'container' && target.container.id === source.id)
    throw new ArgumentError(l10n.t('{0} is the source itself: choose another target.', source.name));
  return {
    engine,
    source,
    targetText: target.kind === 'container' ? target.container.name : args.target,
    ...(target.kind === 'container' ? { targetId: target.container.id } : {}),
    ...(args.port !== undefined ? { port: args.port } : {}),
    protocol,
  };
}

/** From a container's row, or the palette (the engine, then the container). */
async function ask(call: Call<typeof Commands.diagnoseConnectivity>): Promise<Question> {
  const { engine, container } = await call.container(TITLE());
  return { ...(await askTarget(call.ctx, engine, container)), engine, source: container };
}

type TargetItem = PickItem & { target?: ContainerModel; other?: 'name' | 'internet' };

async function askTarget(
  ctx: CommandContext,
  engine: EngineState,
  source: ContainerModel,
): Promise<Pick<Question, 'targetText' | 'targetId' | 'port' | 'protocol'>> {
  const title = l10n.t('Diagnose: can {0} reach…', source.name);
  const others = allContainers(engine)
    .filter((c) => c.id !== source.id)
    .sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running'));
  const shared = new Set(source.networks);
  const items: TargetItem[] = [
    ...others.map((c) => ({
      label: c.name,
      description: [c.state, c.networks.join(', ')].filter(Boolean).join(' · '),
      detail: c.networks.some((n) => shared.has(n))
        ? l10n.t('shares {0}', c.networks.filter((n) => shared.has(n)).join(', '))
        : l10n.t('shares no network with {0}', source.name),
      target: c,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: l10n.t('A name or address…'), other: 'name', trusted: true },
    {
      label: l10n.t('The internet'),
      description: l10n.t('a public address and name'),
      other: 'internet',
      trusted: true,
    },
  ];
  const picked = orCancel(
    await pickOne(items, { title, placeHolder: l10n.t('Choose the target'), matchOnDescription: true }),
  );
  if (picked.other === 'internet') return { targetText: 'internet', ...(await askPort(title, [])) };
  if (picked.other === 'name') {
    const text = orCancel(
      await vscode.window.showInputBox({
        title,
        prompt: l10n.t('A DNS name or an IP address'),
        validateInput: (v) =>
          v.trim() && classifyTarget(v.trim(), [])
            ? undefined
            : l10n.t('Give a DNS name (db.example) or an IP address.'),
      }),
    ).trim();
    return { targetText: text, ...(await askPort(title, [])) };
  }
  const target = picked.target!;
  const ports = await ctx.store
    .containerDetails(engine.name, target.id)
    .then(containerPorts)
    .catch(() => []);
  return { targetText: target.name, targetId: target.id, ...(await askPort(title, ports)) };
}

type PortItem = PickItem & { port?: number; protocol?: 'tcp' | 'udp'; other?: 'none' | 'type' };

/** The port to test: one the target declares or publishes, another typed in, or none. */
async function askPort(title: string, ports: PortChoice[]): Promise<Pick<Question, 'port' | 'protocol'>> {
  if (ports.length) {
    const items: PortItem[] = [
      ...ports.map((p) => ({
        label: `${p.port}/${p.protocol}`,
        description: p.published.length ? l10n.t('published on {0}', p.published.join(', ')) : l10n.t('exposed'),
        port: p.port,
        protocol: p.protocol,
      })),
      { label: l10n.t('Another port…'), other: 'type', trusted: true },
      { label: l10n.t('No port'), description: l10n.t('names, network and ping only'), other: 'none', trusted: true },
    ];
    const picked = orCancel(await pickOne(items, { title, placeHolder: l10n.t('Which port should answer?') }));
    if (picked.other === 'none') return { protocol: 'tcp' };
    if (picked.port !== undefined) return { port: picked.port, protocol: picked.protocol ?? 'tcp' };
  }
  const typed = orCancel(
    await vscode.window.showInputBox({
      title,
      prompt: l10n.t('Port to test, e.g. 5432 or 53/udp; leave empty for none'),
      validateInput: (v) => {
        if (!v.trim()) return undefined;
        const read = readPort(v);
        return typeof read === 'string' ? read : undefined;
      },
    }),
  );
  if (!typed.trim()) return { protocol: 'tcp' };
  const read = readPort(typed);
  return typeof read === 'string' ? { protocol: 'tcp' } : read;
}

/**
 * The target as the engine has it now: a container by its ID (a container named "internet" or
 * "10.0.0.5" stays a container; one removed meanwhile is said so), anything else as it was typed.
 */
function targetOf(question: Question, containers: readonly ContainerModel[], engine: string): Target {
  if (question.targetId) {
    const container = containers.find((c) => c.id === question.targetId);
    if (!container)
      throw new ArgumentError(l10n.t('The container {0} was removed from {1}.', question.targetText, engine));
    return { kind: 'container', container };
  }
  const target = classifyTarget(question.targetText, []);
  if (!target)
    throw new ArgumentError(
      l10n.t(
        '{0}: "target" is a container (name or ID), a DNS name, an IP address or "internet"; {1} is none of them.',
        Commands.diagnoseConnectivity,
        question.targetText,
      ),
    );
  return target;
}

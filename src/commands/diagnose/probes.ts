// Reachability of a network, Names on Networks and Ports of a container: the wider looks, each in
// helper containers, shown in a panel (unless `show: false`) and returned.
import { l10n } from '../../util/text';
import { describeFailure, EngineState } from '../../store';
import {
  MatrixResult,
  NamesResult,
  PortsResult,
  ProbeContext,
  runMatrix,
  runNames,
  runPorts,
} from '../../diagnosis/probes';
import { ProbePanel } from '../../webview/probePanel';
import { ProbeKind, ProbeView } from '../../webview/protocol';
import { ContainerModel, EngineSnapshot } from '../../model/snapshot';
import { ArgumentError } from '../args';
import { CommandContext } from '../context';
import { Call } from '../contract';
import { Commands } from '../ids';
import { Cancelled, withProgress } from '../prompts';
import { loadedEngine } from '../targets';
import { ensureImage, helperImage } from './helperImage';

interface Subject {
  engine: EngineState;
  kind: ProbeKind;
  id: string;
  name: string;
  show: boolean;
}

/** Runs `work` with helpers on the subject's engine: the image ready, progress shown, the panel told. */
async function probe<R>(
  ctx: CommandContext,
  subject: Subject,
  title: string,
  work: (run: { image: string; signal: AbortSignal; progress: (what: string) => void }) => Promise<R>,
  shown: (result: R) => Pick<ProbeView, 'matrix' | 'names' | 'ports'>,
): Promise<R> {
  const image = helperImage();
  const panel: ProbePanel | undefined = subject.show
    ? ctx.panels.showProbe({
        engine: subject.engine.name,
        kind: subject.kind,
        subject: subject.id,
        subjectName: subject.name,
      })
    : undefined;
  const client = ctx.store.client(subject.engine.name)!;
  try {
    await ensureImage(ctx, subject.engine.name, image, panel);
    const started = performance.now();
    const result = await withProgress(title, async (signal, report) => {
      const progress = (what: string) => {
        report(what);
        panel?.running(what);
      };
      progress(l10n.t('Reading the engine…'));
      await ctx.helpers.prepare(subject.engine.name, client);
      await ctx.store.refresh(subject.engine.name);
      return work({ image, signal, progress });
    });
    const tookMs = performance.now() - started;
    ctx.log.info(`${subject.kind} of ${subject.name} on ${subject.engine.name} in ${tookMs.toFixed(0)} ms`);
    panel?.finished(shown(result), tookMs);
    return result;
  } catch (e) {
    if (!(e instanceof Cancelled)) panel?.failed(describeFailure(e).message);
    throw e;
  }
}

const context = (
  ctx: CommandContext,
  engine: string,
  run: { image: string; signal: AbortSignal; progress: (w: string) => void },
) => ({
  client: ctx.store.client(engine)!,
  image: run.image,
  session: ctx.helpers.session,
  signal: run.signal,
  progress: run.progress,
});

/** A look from inside a container needs it running; said before anything starts. */
function mustRun(container: ContainerModel): void {
  if (container.state !== 'running')
    throw new ArgumentError(
      l10n.t('{0} is {1}: looking from inside it needs it running.', container.name, container.state),
    );
}

/** Which containers on a network reach which, by name and by address (network menu, palette). */
export async function showReachability(call: Call<typeof Commands.showReachability>): Promise<MatrixResult> {
  const { engine, network } = await call.network({ title: l10n.t('Reachability'), filter: (n) => !n.configOnly });
  const subject = {
    engine,
    kind: 'matrix' as const,
    id: network.id,
    name: network.name,
    show: call.args?.show !== false,
  };
  return probe(
    call.ctx,
    subject,
    l10n.t('Checking which containers on {0} reach each other…', network.name),
    async (run) => {
      const fresh = (await loadedEngine(call.ctx.store, engine.name)).snapshot!.networks.find(
        (n) => n.id === network.id,
      );
      if (!fresh) throw new Error(l10n.t('The network {0} was removed from {1}.', network.name, engine.name));
      return runMatrix(context(call.ctx, engine.name, run), fresh);
    },
    (matrix) => ({ matrix }),
  );
}

/** A look from inside one running container, with the engine's current snapshot. */
async function containerProbe<R>(
  call: Call<typeof Commands.showNames> | Call<typeof Commands.showPorts>,
  kind: 'names' | 'ports',
  titles: { pick: string; progress: (name: string) => string },
  look: (ctx: ProbeContext, snapshot: EngineSnapshot, containerId: string) => Promise<R>,
  shown: (result: R) => Pick<ProbeView, 'matrix' | 'names' | 'ports'>,
): Promise<R> {
  const { engine, container } = await call.container(titles.pick);
  mustRun(container);
  const subject = { engine, kind, id: container.id, name: container.name, show: call.args?.show !== false };
  return probe(
    call.ctx,
    subject,
    titles.progress(container.name),
    async (run) =>
      look(
        context(call.ctx, engine.name, run),
        (await loadedEngine(call.ctx.store, engine.name)).snapshot!,
        container.id,
      ),
    shown,
  );
}

/** Every name a container can resolve on its networks, with a live lookup of each (container menu). */
export function showNames(call: Call<typeof Commands.showNames>): Promise<NamesResult> {
  return containerProbe(
    call,
    'names',
    { pick: l10n.t('Names on Networks'), progress: (name) => l10n.t('Looking up names from {0}…', name) },
    runNames,
    (names) => ({ names }),
  );
}

/** Each port of a container: published where, listened on how (container menu, Container Networking). */
export function showPorts(call: Call<typeof Commands.showPorts>): Promise<PortsResult> {
  return containerProbe(
    call,
    'ports',
    { pick: l10n.t('Ports'), progress: (name) => l10n.t('Looking at the ports of {0}…', name) },
    runPorts,
    (ports) => ({ ports }),
  );
}

// How a command was invoked, and what it is about: the one way every command gets its targets.
// An arguments object (checked against the command's contract and typed; then nothing is asked),
// a row of the tree with the selection it was part of, or nothing (the palette: the engine is
// asked first when there are several, then what the command needs).
import { ContainerModel, NetworkModel } from '../model/snapshot';
import { EngineState } from '../store';
import { ContainerRow } from '../tree/containerRow';
import { EngineRow } from '../tree/engineRow';
import { GroupRow, NetworkRow } from '../tree/networkRow';
import { ArgsOf, Fields, isArgumentsObject, parseArguments } from './args';
import { CommandContext } from './context';
import { CommandId } from './ids';
import { findContainer, loadedEngine, resolveAttachableNetwork, resolveNetwork } from './targets';
import { allContainers, pickContainers, pickEngine, pickNetwork } from './prompts';

/** What a command asks when the palette gives it nothing. */
export interface NetworkQuestion {
  /** The quick pick's title. */
  title: string;
  /** The networks offered. */
  filter?: (n: NetworkModel) => boolean;
  /** An attachable swarm network this node does not list yet is found through its swarm (run, connect). */
  attachable?: boolean;
}

type Kind<T> = abstract new (...args: never[]) => T;

export class Invocation<A extends object> {
  private constructor(
    readonly ctx: CommandContext,
    readonly command: CommandId,
    /** The arguments object, checked and typed: set when the caller gave one. */
    readonly args: A | undefined,
    /** The row of the tree the command was invoked on, if any. */
    readonly row: unknown,
    private readonly selection: readonly unknown[],
  ) {}

  /** Reads what VS Code passed: `(arguments object)`, `(row, selected rows)` or `()`. */
  static of<F extends Fields>(
    ctx: CommandContext,
    command: CommandId,
    fields: F,
    target: unknown,
    targets: unknown,
  ): Invocation<ArgsOf<F>> {
    if (isArgumentsObject(target))
      return new Invocation(ctx, command, parseArguments(command, target, fields), undefined, []);
    return new Invocation<ArgsOf<F>>(ctx, command, undefined, target, Array.isArray(targets) ? targets : []);
  }

  /** The arguments' `engine`, or the first engine. */
  private get namedEngine(): string | undefined {
    return (this.args as { engine?: string } | undefined)?.engine;
  }

  /** The rows of one kind the command acts on: the whole selection when the clicked row is in it. */
  rows<T>(kind: Kind<T>): T[] {
    const list = this.selection.filter((n): n is T => n instanceof kind);
    if (this.row instanceof kind) return list.length && list.includes(this.row) ? list : [this.row];
    return list;
  }

  /** The engine of the row the command was invoked on, if any. */
  get rowEngine(): string | undefined {
    const row = this.row;
    if (row instanceof EngineRow) return row.engine.name;
    if (row instanceof NetworkRow || row instanceof GroupRow || row instanceof ContainerRow) return row.engine;
    return undefined;
  }

  /** The engine: named in the arguments (or the first), the row's, else the only one or the one picked. */
  async engine(title: string): Promise<EngineState> {
    if (this.args) return loadedEngine(this.ctx.store, this.namedEngine);
    const row = this.rowEngine;
    return row ? loadedEngine(this.ctx.store, row) : pickEngine(this.ctx.store, title);
  }

  /** A network given by name, ID or ID prefix on an engine, found as the CLI finds it. */
  async findNetwork(
    engine: EngineState,
    ref: string,
    attachable = false,
  ): Promise<{ engine: EngineState; network: NetworkModel }> {
    return attachable
      ? resolveAttachableNetwork(this.ctx.store, engine, ref)
      : resolveNetwork(this.ctx.store, engine, ref);
  }

  /** A container given by name, ID or ID prefix on an engine. */
  findContainer(engine: EngineState, ref: string): Promise<ContainerModel> {
    return findContainer(this.ctx.store, engine, ref);
  }

  /**
   * The network: the arguments' `network`, the row's (a network, or the network of a container
   * row), else one the user picks on the engine.
   */
  async network(question: NetworkQuestion): Promise<{ engine: EngineState; network: NetworkModel }> {
    const ref = (this.args as { network?: string } | undefined)?.network;
    if (this.args && ref !== undefined)
      return this.findNetwork(await this.engine(question.title), ref, question.attachable);
    const shown =
      this.row instanceof NetworkRow ? this.row : this.row instanceof ContainerRow ? this.row.parent : undefined;
    if (shown) return { engine: await loadedEngine(this.ctx.store, shown.engine), network: shown.network };
    const engine = await this.engine(question.title);
    return { engine, network: await pickNetwork(engine, question.title, question.filter) };
  }

  /** The container: the arguments' `container`, the row's, else one the user picks on the engine. */
  async container(title: string): Promise<{ engine: EngineState; container: ContainerModel }> {
    const ref = (this.args as { container?: string } | undefined)?.container;
    const engine = await this.engine(title);
    if (this.args && ref !== undefined) return { engine, container: await this.findContainer(engine, ref) };
    if (this.row instanceof ContainerRow)
      return { engine, container: await this.findContainer(engine, this.row.endpoint.containerId) };
    const [container] = await pickContainers(allContainers(engine), title, false);
    return { engine, container };
  }
}

// The rows VS Code was last given, kept so that a change inside one engine redraws only the rows it
// touched: VS Code knows a row by the object it was given, so a network's row stays the same
// object from one snapshot to the next and takes the network's new model; a redraw names it.
import { EndpointModel, NetworkModel } from '../model/snapshot';
import { EngineState } from '../store';
import { TreeRow } from './rows';

/** What a network's row shows: its model and the containers under it. */
export interface NetworkRowData {
  network: NetworkModel;
  /** Those the filter matched; absent: all of the network's. */
  endpoints: EndpointModel[] | undefined;
  sameOn: readonly string[] | undefined;
  /** Its engine's containers are still being read (the first read): which are on it is not known yet. */
  listed: boolean;
}

/** A row that keeps its identity while what it shows changes. */
export interface UpdatableRow<D> extends TreeRow {
  update(data: D): void;
}

export class RowCache {
  private readonly engines = new Map<string, UpdatableRow<EngineState>>();
  /** Per engine: its network rows by network ID, as last given (ungrouped only). */
  private readonly networks = new Map<string, Map<string, UpdatableRow<NetworkRowData>>>();

  engineRow(state: EngineState, make: () => UpdatableRow<EngineState>): UpdatableRow<EngineState> {
    let row = this.engines.get(state.name);
    if (row) row.update(state);
    else this.engines.set(state.name, (row = make()));
    return row;
  }

  /** The engines shown now: rows of those no longer shown are dropped. */
  keepEngines(names: readonly string[]): void {
    for (const name of [...this.engines.keys()])
      if (!names.includes(name)) {
        this.engines.delete(name);
        this.networks.delete(name);
      }
  }

  /**
   * An engine's network rows for this list: the rows it had, updated, where the parent is the same;
   * new ones for the rest. The engine's rows are then exactly these.
   */
  networkRows(
    engine: string,
    parent: TreeRow | undefined,
    data: readonly NetworkRowData[],
    make: (d: NetworkRowData) => UpdatableRow<NetworkRowData>,
  ): UpdatableRow<NetworkRowData>[] {
    const before = this.networks.get(engine);
    const now = new Map<string, UpdatableRow<NetworkRowData>>();
    const rows = data.map((d) => {
      let row = before?.get(d.network.id);
      if (row && row.parent === parent) row.update(d);
      else row = make(d);
      now.set(d.network.id, row);
      return row;
    });
    this.networks.set(engine, now);
    return rows;
  }

  /** The row an engine's network was last given as, if VS Code has one. */
  networkRow(engine: string, networkId: string): UpdatableRow<NetworkRowData> | undefined {
    return this.networks.get(engine)?.get(networkId);
  }

  /** Rows grouped or filtered are made anew each time: none kept for that engine. */
  forget(engine: string): void {
    this.networks.delete(engine);
  }
}

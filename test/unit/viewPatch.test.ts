// A network panel's updates as changes: what the page rebuilds from one is the view the extension
// made, and an update is a fraction of the view when few rows changed.
import * as assert from 'assert';
import type { ContainerRow, NetworkView } from '../../src/webview/protocol';
import { applyListPatch, applyNetworkPatch, listPatch, networkPatch } from '../../src/webview/viewPatch';

const row = (i: number, extra: Partial<ContainerRow> = {}): ContainerRow => ({
  id: `${i}`.padStart(64, 'c'),
  name: `app-${i}`,
  image: 'tiny:latest',
  state: 'created',
  ipv4: `10.96.${i >> 8}.${i & 255}/16`,
  aliases: [],
  dnsNames: [],
  endpointId: `${i}`.padStart(64, 'e'),
  ...extra,
});

function view(containers: ContainerRow[], extra: Partial<NetworkView> = {}): NetworkView {
  return {
    engine: 'default',
    id: 'n'.repeat(64),
    name: 'big',
    driver: 'bridge',
    scope: 'local',
    builtIn: false,
    internal: false,
    attachable: false,
    ingress: false,
    ipv6: false,
    configOnly: false,
    ipam: { driver: 'default', options: [], configs: [{ subnet: '10.96.0.0/16', aux: [], used: 1, total: '65534' }] },
    containers,
    connectable: true,
    editable: true,
    options: [],
    labels: [],
    json: '{"Name": "big"}',
    plumbing: {
      kind: 'bridge',
      rows: containers.map((c) => ({ container: c.name, problem: 'notRunning' as const })),
    },
    ...extra,
  };
}

// As the page gets it: through JSON.
const carried = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('network view updates as changes', () => {
  it('a list keeps, adds, drops, changes and moves items; the page rebuilds it exactly', () => {
    const before = [row(0), row(1), row(2), row(3)];
    const after = [row(3), row(0, { state: 'running' }), row(9), row(1)];
    const patch = listPatch(before, after);
    assert.deepStrictEqual(patch, [3, after[1], after[2], 1]);
    assert.deepStrictEqual(applyListPatch(carried(before), carried(patch)), after);
    assert.deepStrictEqual(listPatch([], after), after, 'nothing to refer to: every item');
  });

  it('an update that names what the page does not have is refused, not half applied', () => {
    for (const bad of [[4], [-1], [0.5], [Number.NaN]])
      assert.strictEqual(applyListPatch([row(0), row(1), row(2), row(3)], bad), undefined, String(bad));
    const before = view([row(0)]);
    const patch = networkPatch(before, view([row(0), row(1)]));
    assert.strictEqual(applyNetworkPatch(view([]), patch), undefined);
  });

  it('a connect among 500 containers is sent as the new row and the indexes of the others', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i));
    const before = view(rows);
    const probe = row(999, { name: 'probe', state: 'running' });
    const after = view([...rows.slice(0, 250), probe, ...rows.slice(250)], {
      ipam: { driver: 'default', options: [], configs: [{ subnet: '10.96.0.0/16', aux: [], used: 2, total: '65534' }] },
    });
    const patch = networkPatch(before, after);
    assert.strictEqual(patch.json, undefined, 'the same raw JSON is left out');
    const full = JSON.stringify(after).length;
    const sent = JSON.stringify(patch).length;
    assert.ok(sent * 10 < full, `${sent} bytes sent for a view of ${full}`);
    assert.deepStrictEqual(applyNetworkPatch(carried(before), carried(patch)), after);
  });

  it('what else changed comes whole: the header, the raw JSON, the plumbing, none of it', () => {
    const before = view([row(0), row(1)]);
    const after = view([row(1)], { name: 'renamed', labels: [['a', 'b']], json: '{"Name": "renamed"}' });
    assert.deepStrictEqual(applyNetworkPatch(carried(before), carried(networkPatch(before, after))), after);
    const noPlumbing = view([row(1)]);
    delete noPlumbing.plumbing;
    assert.deepStrictEqual(applyNetworkPatch(carried(before), carried(networkPatch(before, noPlumbing))), noPlumbing);
    const fromNone = view([row(0)]);
    assert.deepStrictEqual(
      applyNetworkPatch(carried(noPlumbing), carried(networkPatch(noPlumbing, fromNone))),
      fromNone,
    );
  });
});

import * as assert from 'assert';
import { groupNetworks, shownNetworks, ViewOptions } from '../../src/model/arrange';
import { composeOrigin } from '../../src/model/compose';
import { networkTooltip } from '../../src/model/markdown';
import { networkView } from '../../src/model/panels';
import { buildSnapshot } from '../../src/model/snapshot';
import { RawNetwork } from '../../src/engine/types';

const raw = (Id: string, Name: string, Driver: string, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id,
  Name,
  Driver,
  Scope: 'local',
  ...extra,
});

const snapshot = buildSnapshot(
  [
    raw('b1', 'bridge', 'bridge', { Created: '2026-01-01T00:00:00Z', IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] } }),
    raw('h1', 'host', 'host', { Created: '2026-01-01T00:00:00Z' }),
    raw('n1', 'none', 'null', { Created: '2026-01-01T00:00:00Z' }),
    raw('a1', 'shop_backend', 'bridge', {
      Created: '2026-03-01T00:00:00Z',
      IPAM: { Config: [{ Subnet: '10.1.2.0/24' }] },
      Labels: { 'com.docker.compose.project': 'shop' },
    }),
    raw('o1', 'mesh', 'overlay', { Scope: 'swarm', Created: '2026-02-01T00:00:00Z' }),
    raw('m1', 'lan', 'macvlan', { Created: '2026-04-01T00:00:00Z' }),
  ],
  [
    {
      Id: 'c1',
      Names: ['/api'],
      State: 'running',
      NetworkSettings: { Networks: { shop_backend: { NetworkID: 'a1', IPAddress: '10.1.2.3' } } },
    },
    { Id: 'c2', Names: ['/db'], State: 'exited', NetworkSettings: { Networks: { shop_backend: { NetworkID: 'a1' } } } },
  ],
).networks;

const options = (o: Partial<ViewOptions> = {}): ViewOptions => ({
  showBuiltIn: true,
  groupBy: 'none',
  sortBy: 'name',
  ...o,
});
const names = (o: Partial<ViewOptions>) => shownNetworks(snapshot, options(o)).map((s) => s.network.name);

describe('arranging networks for the view', () => {
  it('sorts by name, or newest first', () => {
    assert.deepStrictEqual(names({}), ['bridge', 'host', 'lan', 'mesh', 'none', 'shop_backend']);
    assert.deepStrictEqual(names({ sortBy: 'created' }), ['lan', 'shop_backend', 'mesh', 'bridge', 'host', 'none']);
  });

  it('hides built-in networks when asked', () => {
    assert.deepStrictEqual(names({ showBuiltIn: false }), ['lan', 'mesh', 'shop_backend']);
  });

  it('filters by name, driver, subnet and label, case-insensitively', () => {
    assert.deepStrictEqual(names({ filter: 'SHOP' }), ['shop_backend']);
    assert.deepStrictEqual(names({ filter: 'overlay' }), ['mesh']);
    assert.deepStrictEqual(names({ filter: '172.17' }), ['bridge']);
    assert.deepStrictEqual(names({ filter: 'compose.project' }), ['shop_backend']);
    assert.deepStrictEqual(names({ filter: 'nothing-like-this' }), []);
  });

  it('keeps a network for a matching container, showing only that container', () => {
    const shown = shownNetworks(snapshot, options({ filter: 'db' }));
    assert.deepStrictEqual(
      shown.map((s) => [s.network.name, s.endpoints?.map((e) => e.containerName)]),
      [['shop_backend', ['db']]],
    );
    const all = shownNetworks(snapshot, options({ filter: 'shop' }));
    assert.strictEqual(all[0].endpoints, undefined, 'a network that matches itself shows all its containers');
    assert.strictEqual(all[0].network.endpoints.length, 2);
  });

  it('groups by driver or scope', () => {
    const byDriver = groupNetworks(shownNetworks(snapshot, options()), 'driver');
    assert.deepStrictEqual(
      byDriver.map((g) => [g.key, g.networks.length]),
      [
        ['bridge', 2],
        ['host', 1],
        ['macvlan', 1],
        ['null', 1],
        ['overlay', 1],
      ],
    );
    const byScope = groupNetworks(shownNetworks(snapshot, options()), 'scope');
    assert.deepStrictEqual(
      byScope.map((g) => g.key),
      ['local', 'swarm'],
    );
    assert.strictEqual(groupNetworks([], 'none').length, 1);
  });

  it('groups by Compose project or swarm stack, networks of neither last', () => {
    const more = buildSnapshot(
      [
        raw('a1', 'shop_backend', 'bridge', {
          Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'backend' },
        }),
        raw('a2', 'shop_default', 'bridge', {
          Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'default' },
        }),
        raw('s1', 'blog_web', 'overlay', { Scope: 'swarm', Labels: { 'com.docker.stack.namespace': 'blog' } }),
        raw('b1', 'bridge', 'bridge'),
        raw('x1', 'adhoc', 'bridge', { Labels: { team: 'x' } }),
      ],
      [],
    ).networks;
    const groups = groupNetworks(shownNetworks(more, options()), 'composeProject');
    assert.deepStrictEqual(
      groups.map((g) => [g.key, g.networks.map((n) => n.network.name)]),
      [
        ['blog', ['blog_web']],
        ['shop', ['shop_backend', 'shop_default']],
        ['', ['adhoc', 'bridge']],
      ],
    );
    const named = (name: string) => more.find((n) => n.name === name)!;
    assert.deepStrictEqual(composeOrigin(named('shop_backend')), {
      kind: 'compose',
      project: 'shop',
      network: 'backend',
    });
    assert.deepStrictEqual(composeOrigin(named('blog_web')), { kind: 'stack', project: 'blog', network: 'web' });
    assert.strictEqual(composeOrigin(named('adhoc')), undefined);
    assert.match(networkTooltip(named('shop_backend')), /Compose project: `shop` · Network in the file: `backend`/);
    assert.match(networkTooltip(named('blog_web')), /Swarm stack: `blog` · Network in the file: `web`/);
    // The inspect panel names them too.
    assert.deepStrictEqual(networkView('default', named('shop_backend'), { Id: 'a1', Name: 'shop_backend' }).compose, {
      kind: 'compose',
      project: 'shop',
      network: 'backend',
    });
    assert.strictEqual(networkView('default', named('adhoc'), { Id: 'x1', Name: 'adhoc' }).compose, undefined);
  });
});

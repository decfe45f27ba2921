// What the editor shows and changes in a Compose file, computed without the editor: which files are
// Compose files, COMPOSE_FILE and include:, a network's status, the lens and hover text (engine
// text hostile), and the quick fixes' edits and arguments.
import * as assert from 'assert';
import { RawNetwork } from '../../src/engine/types';
import { parseCompose } from '../../src/model/compose/file';
import { HOVER_COMMANDS, networkHover, networkLenses } from '../../src/model/compose/describe';
import { createArgsOf, lineRemoval, scalarReplacement } from '../../src/model/compose/fixes';
import { composeFileList, isComposeFileName, networkStatus } from '../../src/model/compose/project';
import { checkCompose } from '../../src/model/compose/rules';
import { buildSnapshot } from '../../src/model/snapshot';

const HOSTILE = 'x [Details](command:workbench.action.openSettings) $(zap) <img src=x onerror=alert(1)> a\u202Egnp';

const net = (name: string, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id: `${name}-id`,
  Name: name,
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Driver: 'default', Config: [{ Subnet: '10.60.0.0/24', Gateway: '10.60.0.1' }] },
  ...extra,
});

describe('compose files in the editor', () => {
  it('knows Compose files by name', () => {
    for (const yes of [
      'compose.yaml',
      'compose.yml',
      'docker-compose.yaml',
      'docker-compose.yml',
      'compose.override.yaml',
      'docker-compose.override.yml',
      'shop.compose.yaml',
      'a.b.compose.yml',
    ])
      assert.ok(isComposeFileName(yes), yes);
    for (const no of ['compose.json', 'mycompose.yaml', '.compose.yaml', 'compose.yaml.bak', 'values.yaml'])
      assert.ok(!isComposeFileName(no), no);
  });

  it('reads COMPOSE_FILE with its separator', () => {
    assert.deepStrictEqual(composeFileList({ COMPOSE_FILE: 'a.yml:b/c.yml' }), ['a.yml', 'b/c.yml']);
    assert.deepStrictEqual(composeFileList({ COMPOSE_FILE: 'a.yml;b.yml' }, true), ['a.yml', 'b.yml']);
    assert.deepStrictEqual(composeFileList({ COMPOSE_FILE: 'a.yml, b.yml', COMPOSE_PATH_SEPARATOR: ',' }), [
      'a.yml',
      'b.yml',
    ]);
    assert.deepStrictEqual(composeFileList({}), []);
  });

  it('reads include: as paths and path lists', () => {
    const text = 'include:\n  - db/compose.yaml\n  - path: ${DIR:-cache}/compose.yaml\n  - path: [x.yaml, y.yaml]\n';
    const f = parseCompose(text, 'shop', {});
    assert.deepStrictEqual(
      f.includes.map((i) => [i.path, text.slice(i.range.start, i.range.end).split('\n')[0]]),
      [
        ['db/compose.yaml', 'db/compose.yaml'],
        ['cache/compose.yaml', 'path: ${DIR:-cache}/compose.yaml'],
        ['x.yaml', 'path: [x.yaml, y.yaml]'],
        ['y.yaml', 'path: [x.yaml, y.yaml]'],
      ],
    );
  });

  it('lets a service use a network another file of the project declares, with the project of the includer', () => {
    const included = parseCompose('networks:\n  shared:\n    driver: bridge\n', 'db', {}, 'shop');
    assert.strictEqual(included.networks[0].name, 'shop_shared');
    const main = parseCompose('services:\n  web:\n    networks: [shared]\n', 'shop', {});
    assert.deepStrictEqual(
      checkCompose(main).map((f) => f.rule),
      ['undeclared-network'],
    );
    assert.deepStrictEqual(checkCompose(main, undefined, { alsoDeclared: included.networks }), []);
  });

  it('gives a network its status: on the engine, ours or not, which services use it', () => {
    const snapshot = buildSnapshot(
      [
        net('shop_back', {
          Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'back' },
          Containers: { c1: { Name: 'shop_web_1', IPv4Address: '10.60.0.2/24' } },
        }),
      ],
      [{ Id: 'c1', Names: ['/shop_web_1'], Image: 'x', State: 'running', Status: 'Up' }],
    );
    const f = parseCompose(
      'services:\n  web:\n    networks: [back]\n  db:\n    networks: [front]\nnetworks:\n  back: {}\n  front: {}\n',
      'shop',
      {},
    );
    const back = networkStatus(f, 'back', snapshot)!;
    assert.strictEqual(back.onEngine?.name, 'shop_back');
    assert.ok(back.ours);
    assert.deepStrictEqual(back.services, ['web']);
    const front = networkStatus(f, 'front', snapshot)!;
    assert.strictEqual(front.onEngine, undefined);
    assert.deepStrictEqual(front.services, ['db']);
    assert.strictEqual(networkStatus(f, 'nope', snapshot), undefined);
  });

  it('shows engine text in lenses and hovers as text only: no links, icons or HTML of its own', () => {
    const snapshot = buildSnapshot(
      [
        net(HOSTILE, {
          Driver: `bridge $(flame) [x](command:dockerNetworks.pruneNetworks)`,
          Labels: { 'com.docker.compose.project': `p [y](https://example.com) $(zap)` },
          Containers: { c1: { Name: `w ${HOSTILE}`, IPv4Address: '10.60.0.2/24' } },
        }),
      ],
      [{ Id: 'c1', Names: [`/w ${HOSTILE}`], Image: 'x', State: 'running', Status: 'Up' }],
    );
    const f = parseCompose(`networks:\n  n:\n    name: ${JSON.stringify(HOSTILE)}\n`, 'shop', {});
    const status = networkStatus(f, 'n', snapshot)!;
    const engineName = 'local $(zap) [e](command:x)';
    for (const lens of networkLenses(status, { state: 'read', engine: engineName })) {
      // Our own icon comes first; engine text cannot open another one or a link.
      assert.doesNotMatch(lens.title.replace(/^\$\([a-z-~]+\) /, ''), /\$\(|\]\(/, lens.title);
      if (lens.command) assert.ok(lens.command.startsWith('dockerNetworks.'));
    }
    const hover = networkHover(status, { state: 'read', engine: engineName });
    // Code spans show their text literally; links can only be outside them.
    const outside = (markdown: string) => markdown.replace(/(`+).*?\1/g, '');
    const links = [...outside(hover).matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.strictEqual(links.length, 3, hover);
    for (const l of links)
      assert.ok(
        HOVER_COMMANDS.some((c) => l.startsWith(`command:${c}?`)),
        l,
      );
    assert.doesNotMatch(hover, /(?<!\\)<img|\u202E/);
    for (const view of [
      { state: 'failed' as const, engine: engineName, message: `refused [z](command:x) $(zap)` },
      { state: 'reading' as const, engine: engineName },
    ]) {
      const text = networkHover(status, view);
      assert.doesNotMatch(outside(text), /\]\(/, text);
      for (const lens of networkLenses(status, view))
        assert.doesNotMatch(lens.title.replace(/^\$\([a-z-~]+\) /, ''), /\$\(|\]\(/, lens.title);
    }
  });

  it('says what is missing and what Compose will create', () => {
    const f = parseCompose('networks:\n  ext:\n    external: true\n  own: {}\n', 'shop', {});
    const empty = buildSnapshot([], []);
    const ext = networkLenses(networkStatus(f, 'ext', empty)!, { state: 'read', engine: 'local' });
    assert.deepStrictEqual(
      ext.map((l) => [l.title, l.command]),
      [['$(error) ext is not on local', undefined]],
    );
    const own = networkLenses(networkStatus(f, 'own', empty)!, { state: 'read', engine: 'local' });
    assert.match(own[0].title, /Compose creates shop_own/);
  });

  it('creates an external network with what the file says of it', () => {
    const f = parseCompose(
      [
        'networks:',
        '  corp:',
        '    external: true',
        '    name: corp-net',
        '    driver: bridge',
        '    internal: true',
        '    driver_opts: { com.docker.network.driver.mtu: "1400" }',
        '    labels: [team=net]',
        '    enable_ipv6: true',
        '    ipam:',
        '      config:',
        '        - subnet: 10.80.0.0/24',
        '          gateway: 10.80.0.1',
        '          aux_addresses: { router: 10.80.0.2 }',
        '        - subnet: fd00:80::/64',
      ].join('\n'),
      'shop',
      {},
    );
    assert.deepStrictEqual(createArgsOf(f.networks[0]), {
      name: 'corp-net',
      driver: 'bridge',
      options: { 'com.docker.network.driver.mtu': '1400' },
      internal: true,
      ipv6: true,
      subnet: '10.80.0.0/24',
      gateway: '10.80.0.1',
      auxAddresses: { router: '10.80.0.2' },
      ipv6Subnet: 'fd00:80::/64',
      labels: { team: 'net' },
    });
  });

  it('removes external: whole lines, nested or not, and not from a flow map', () => {
    const cases: [string, string | undefined][] = [
      ['networks:\n  corp:\n    external: true\n    name: x\n', 'networks:\n  corp:\n    name: x\n'],
      ['networks:\n  corp:\n    external: true # theirs\n', 'networks:\n  corp:\n'],
      ['networks:\n  corp:\n    external:\n      name: x\n  b: {}\n', 'networks:\n  corp:\n  b: {}\n'],
      ['networks:\n  corp:\n    external: true', 'networks:\n  corp:\n'],
      ['networks:\n  corp: { external: true }\n', undefined],
    ];
    for (const [text, expected] of cases) {
      const n = parseCompose(text, 'shop', {}).networks[0];
      const removal = lineRemoval(text, n.externalRange!);
      const after = removal ? text.slice(0, removal.start) + text.slice(removal.end) : undefined;
      assert.strictEqual(after, expected, text);
    }
  });

  it('replaces a subnet keeping its quotes, and leaves an interpolated one alone', () => {
    for (const [written, expected] of [
      ['10.1.0.0/24', '10.9.0.0/24'],
      ['"10.1.0.0/24"', '"10.9.0.0/24"'],
      ["'10.1.0.0/24'", "'10.9.0.0/24'"],
      ['${SUBNET:-10.1.0.0/24}', undefined],
    ] as const) {
      const text = `networks:\n  a:\n    ipam:\n      config:\n        - subnet: ${written}\n`;
      const c = parseCompose(text, 'shop', {}).networks[0].ipam.config[0];
      assert.strictEqual(scalarReplacement(text, c.at.subnet!, '10.9.0.0/24'), expected, written);
    }
  });
});

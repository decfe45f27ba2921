// Compose files read as Compose reads them, with positions: .env files, interpolation, the project
// name, each network's name on the engine, services' networks, anchors and merge keys, and a file
// that does not parse.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { normalizeProjectName, parseCompose, projectName, Range } from '../../src/model/compose/file';
import { interpolate, readEnvFile } from '../../src/model/compose/interpolate';

const at = (text: string, r: Range | undefined) => (r ? text.slice(r.start, r.end) : undefined);

describe('compose files', function () {
  // The fuzzed property takes seconds on a busy machine.
  this.timeout(120_000);
  it('reads a .env file as Compose does', () => {
    const env = readEnvFile(
      [
        '# a comment',
        'export SUBNET=10.20.0.0/16',
        "QUOTED='${SUBNET} stays'",
        'DOUBLE="line\\nnext ${SUBNET}"',
        'PLAIN=value # trailing comment',
        'HASH=a#b',
        'EMPTY=',
        'not a line',
        'NET=${PREFIX:-app}_net',
      ].join('\n'),
      { PREFIX: 'shop' },
    );
    assert.deepStrictEqual(env, {
      SUBNET: '10.20.0.0/16',
      QUOTED: '${SUBNET} stays',
      DOUBLE: 'line\nnext 10.20.0.0/16',
      PLAIN: 'value',
      HASH: 'a#b',
      EMPTY: '',
      NET: 'shop_net',
    });
  });

  it('interpolates every form Compose knows', () => {
    const env = { SET: 'v', EMPTY: '' };
    const cases: [string, string][] = [
      ['$SET', 'v'],
      ['${SET}', 'v'],
      ['${UNSET}', ''],
      ['${UNSET:-d}', 'd'],
      ['${EMPTY:-d}', 'd'],
      ['${EMPTY-d}', ''],
      ['${UNSET-d}', 'd'],
      ['${SET:+alt}', 'alt'],
      ['${EMPTY:+alt}', ''],
      ['${EMPTY+alt}', 'alt'],
      ['${UNSET:-${SET}-x}', 'v-x'],
      ['$$SET', '$SET'],
      ['a$', 'a$'],
      ['${1bad}', '${1bad}'],
      ['10.${SET}.0.0/16', '10.v.0.0/16'],
    ];
    for (const [text, want] of cases) assert.strictEqual(interpolate(text, env).value, want, text);
    assert.deepStrictEqual(interpolate('${UNSET:?set it}', env).errors, ['set it']);
    assert.deepStrictEqual(interpolate('${EMPTY?set it}', env).errors, []);
    assert.deepStrictEqual(interpolate('${EMPTY:?}', env).errors, ['required variable EMPTY is missing a value']);
  });

  it('names the project as Compose does', () => {
    assert.strictEqual(normalizeProjectName('My App.v2'), 'myappv2');
    assert.strictEqual(normalizeProjectName('_-x'), 'x');
    assert.strictEqual(projectName('Folder', undefined, {}), 'folder');
    assert.strictEqual(projectName('folder', 'named', {}), 'named');
    assert.strictEqual(projectName('folder', 'named', { COMPOSE_PROJECT_NAME: 'Env' }), 'env');
  });

  it('reads networks with their engine names and where each value is written', () => {
    const text = [
      'x-net: &base',
      '  driver: bridge',
      '  labels:',
      '    team: net',
      'networks:',
      '  front:',
      '    <<: *base',
      '    internal: true',
      '  back:',
      '    name: ${BACK:-shared_back}',
      '    ipam:',
      '      config:',
      '        - subnet: ${SUBNET:-10.30.0.0/24}',
      '          gateway: 10.30.0.1',
      '          aux_addresses: { router: 10.30.0.2 }',
      '  outside:',
      '    external: true',
      'services:',
      '  web:',
      '    image: nginx',
      '    ports: ["8080:80"]',
      '    networks: [front, back]',
      '  db:',
      '    image: postgres',
      '    networks:',
      '      back:',
      '        ipv4_address: 10.30.0.10',
      '        aliases: [database]',
      '  job:',
      '    image: alpine',
      '  sidecar:',
      '    image: alpine',
      '    network_mode: service:web',
    ].join('\n');
    const f = parseCompose(text, 'Shop', { SUBNET: '10.40.0.0/24' });
    assert.deepStrictEqual(f.errors, []);
    assert.strictEqual(f.project, 'shop');
    const net = (k: string) => f.networks.find((n) => n.key === k)!;
    assert.deepStrictEqual(
      f.networks.map((n) => [n.key, n.name, n.declared]),
      [
        ['front', 'shop_front', true],
        ['back', 'shared_back', true],
        ['outside', 'outside', true],
        ['default', 'shop_default', false],
      ],
    );
    assert.strictEqual(at(text, net('front').keyRange), 'front');
    assert.strictEqual(net('front').driver, 'bridge', 'from the merge key');
    assert.deepStrictEqual(net('front').labels, { team: 'net' });
    assert.strictEqual(net('front').internal, true);
    const cfg = net('back').ipam.config[0];
    assert.strictEqual(cfg.subnet, '10.40.0.0/24', 'interpolated from the environment');
    assert.strictEqual(at(text, cfg.at.subnet), '${SUBNET:-10.30.0.0/24}');
    assert.strictEqual(at(text, cfg.at.gateway), '10.30.0.1');
    assert.deepStrictEqual(cfg.auxAddresses, { router: '10.30.0.2' });
    assert.strictEqual(net('outside').external, true);

    const svc = (n: string) => f.services.find((s) => s.name === n)!;
    assert.deepStrictEqual(
      svc('web').networks.map((n) => [n.key, at(text, n.range)]),
      [
        ['front', 'front'],
        ['back', 'back'],
      ],
    );
    assert.strictEqual(svc('web').ports, true);
    assert.strictEqual(at(text, svc('web').portsRange), 'ports');
    const db = svc('db').networks[0];
    assert.deepStrictEqual(
      [db.key, db.ipv4, db.aliases, at(text, db.at.ipv4)],
      ['back', '10.30.0.10', ['database'], '10.30.0.10'],
    );
    assert.deepStrictEqual(
      svc('job').networks.map((n) => n.key),
      ['default'],
    );
    assert.deepStrictEqual(svc('sidecar').networks, []);
    assert.strictEqual(svc('sidecar').networkMode, 'service:web');
    assert.strictEqual(at(text, svc('sidecar').networkModeRange), 'service:web');
  });

  it('takes the project from name: and external networks by their given name', () => {
    const f = parseCompose(
      'name: ${P:-demo}\nnetworks:\n  ext:\n    external:\n      name: corp_net\n  n:\n    name: exact\n',
      'dir',
      {},
    );
    assert.strictEqual(f.project, 'demo');
    assert.deepStrictEqual(
      f.networks.map((n) => [n.key, n.name, n.external]),
      [
        ['ext', 'corp_net', true],
        ['n', 'exact', false],
      ],
    );
  });

  it('gives one error at the parse error of a file that does not parse, and nothing else', () => {
    const text = 'networks:\n  front:\n    driver: [bridge\nservices: {}\n';
    const f = parseCompose(text, 'dir', {});
    assert.strictEqual(f.errors.length, 1);
    assert.deepStrictEqual([f.networks, f.services], [[], []]);
    assert.ok(f.errors[0].range.start > 0 && f.errors[0].range.start <= text.length);
  });

  it('says where a required variable has no value', () => {
    const text = 'networks:\n  n:\n    ipam:\n      config:\n        - subnet: ${SUBNET:?set SUBNET in .env}\n';
    const f = parseCompose(text, 'dir', {});
    assert.deepStrictEqual(
      f.errors.map((e) => [e.message, at(text, e.range)]),
      [['set SUBNET in .env', '${SUBNET:?set SUBNET in .env}']],
    );
  });

  it('never throws on any text, and every position it gives is inside the text (fuzzed)', () => {
    const runs = Number(process.env.DN_FUZZ_RUNS ?? 3000);
    const piece = fc.constantFrom(
      'networks:\n',
      'services:\n',
      '  a:\n',
      '    networks: [a, b]\n',
      '    networks:\n      a: {ipv4_address: x}\n',
      '    ipam: {config: [{subnet: ${S:-1}}]}\n',
      '    external: true\n',
      '    <<: *x\n',
      '&x {}\n',
      '- ',
      '${A:?e}',
      ': ',
      '\t',
      '"',
      '[',
      '{',
      '#',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const f = parseCompose(text, 'dir', {});
        const ranges: Range[] = [
          ...f.errors.map((e) => e.range),
          ...f.networks.map((n) => n.keyRange),
          ...f.services.flatMap((x) => [x.keyRange, ...x.networks.map((n) => n.range)]),
        ];
        for (const r of ranges)
          assert.ok(r.start >= 0 && r.end >= r.start && r.start <= text.length, JSON.stringify(r));
      }),
      { numRuns: runs },
    );
  });
});

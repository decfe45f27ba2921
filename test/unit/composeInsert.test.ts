// Inserting a network into Compose files of every layout: the rest of the text stays as written
// (comments, indentation, order), and the result reads back with the network and the service on it.
import * as assert from 'assert';
import { parseCompose } from '../../src/model/compose/file';
import { applyInsertions, insertNetwork, NetworkEntry } from '../../src/model/compose/insert';
import { checkCompose } from '../../src/model/compose/rules';

const entry: NetworkEntry = {
  key: 'corp',
  name: 'corp-vpn',
  lines: ['  "corp":', '    name: "corp-vpn"', '    external: true'],
};

/** `inline`: the insertion goes inside a line (a flow list or map), which then reads differently. */
function insert(text: string, service?: string, inline = false): string {
  const r = insertNetwork(text, entry, service);
  assert.ok(r.ok, r.ok ? '' : r.message);
  const out = applyInsertions(text, r.insertions);
  // What was there is still there, in order.
  let at = 0;
  for (const line of text.split('\n').filter((l) => l && !(inline && /[[{]/.test(l)))) {
    const found = out.indexOf(line, at);
    assert.ok(found >= 0, `kept: ${line}\n${out}`);
    at = found;
  }
  const f = parseCompose(out, 'shop', {});
  assert.deepStrictEqual(f.errors, [], out);
  assert.ok(
    f.networks.some((n) => n.name === 'corp-vpn' && n.external),
    out,
  );
  if (service) {
    assert.ok(
      f.services.find((s) => s.name === service)!.networks.some((n) => n.key === r.key),
      out,
    );
    assert.deepStrictEqual(
      checkCompose(f).filter((x) => x.rule === 'undeclared-network'),
      [],
      out,
    );
  }
  return out;
}

describe('inserting a network into a Compose file', () => {
  it('adds networks: at the end of a file without one, and the service entry keeping default', () => {
    const text = '# the shop\nservices:\n  web:\n    image: nginx # pinned later\n';
    assert.strictEqual(
      insert(text, 'web'),
      '# the shop\nservices:\n  web:\n    image: nginx # pinned later\n    networks:\n      - default\n      - corp\nnetworks:\n  "corp":\n    name: "corp-vpn"\n    external: true\n',
    );
  });

  it("appends after the last network, in the file's indentation, and to a block list", () => {
    const text = [
      'services:',
      '    web:',
      '        networks:',
      '            - back   # the backend',
      '        image: x',
      'networks:',
      '    back:',
      '        driver: bridge',
      '# end',
      '',
    ].join('\n');
    assert.strictEqual(
      insert(text, 'web'),
      [
        'services:',
        '    web:',
        '        networks:',
        '            - back   # the backend',
        '            - corp',
        '        image: x',
        'networks:',
        '    back:',
        '        driver: bridge',
        '    "corp":',
        '      name: "corp-vpn"',
        '      external: true',
        '# end',
        '',
      ].join('\n'),
    );
  });

  it('adds to a flow list, a block map and a flow map of a service', () => {
    assert.match(
      insert('services:\n  web:\n    networks: [back]\nnetworks:\n  back: {}\n', 'web', true),
      /networks: \[back, corp\]/,
    );
    assert.match(
      insert('services:\n  web:\n    networks:\n      back:\n        aliases: [api]\nnetworks:\n  back: {}\n', 'web'),
      /aliases: \[api\]\n {6}corp: \{\}\n/,
    );
    assert.match(
      insert('services:\n  web:\n    networks: { back: {} }\nnetworks:\n  back: {}\n', 'web', true),
      /\{ back: \{\}, corp: \{\} \}/,
    );
  });

  it('uses the key a file already has for that network, and another key when the key is taken', () => {
    const same = 'services:\n  web:\n    image: x\nnetworks:\n  vpn:\n    name: corp-vpn\n    external: true\n';
    const r = insertNetwork(same, entry, 'web');
    assert.ok(r.ok && r.key === 'vpn');
    const out = applyInsertions(same, r.insertions);
    assert.strictEqual(out.match(/corp-vpn/g)?.length, 1, 'not declared twice');
    assert.match(out, /- vpn/);
    const taken = 'networks:\n  corp:\n    driver: bridge\n';
    assert.match(insert(taken), /"corp_2":\n {4}name: "corp-vpn"/);
  });

  it('puts the entry under an empty networks:', () => {
    assert.strictEqual(
      insert('networks:\nservices: {}\n'),
      'networks:\n  "corp":\n    name: "corp-vpn"\n    external: true\nservices: {}\n',
    );
  });

  it('refuses what it cannot do without rewriting the file, saying why', () => {
    for (const [text, service, message] of [
      ['networks: {a: {}}\n', undefined, /on one line/],
      ['services:\n  web:\n    network_mode: host\n', 'web', /network_mode/],
      ['services:\n  web: {}\n', 'api', /no service named api/],
      ['- a\n', undefined, /not a Compose file/],
      ['a: [\n', undefined, /does not parse/],
    ] as const) {
      const r = insertNetwork(text, entry, service);
      assert.ok(!r.ok && message.test(r.message), `${text}: ${JSON.stringify(r)}`);
    }
  });
});

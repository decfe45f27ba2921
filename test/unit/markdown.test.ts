import * as assert from 'assert';
import { code, containerTooltip, escapeMarkdown, networkTooltip } from '../../src/model/markdown';
import { buildSnapshot } from '../../src/model/snapshot';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[click](command:workbench.action.quit)',
  '**bold** _it_ `code`',
  'x"y',
  'a b',
  'ネットワーク',
  '$(touch /tmp/pwned)',
  'line\nbreak',
  '\u202Eevil',
];

/** What Markdown would leave as markup after escaping: nothing but escaped characters. */
function unescapedMarkup(md: string): string[] {
  const withoutEscapes = md.replace(/\\[\\`*_{}[\]()#+\-.!|<>~&:"'=$@]/g, '');
  return withoutEscapes.match(/[<>[\]`*_]/g) ?? [];
}

describe('tooltips from hostile engine data', () => {
  for (const text of HOSTILE) {
    it(`escapes ${JSON.stringify(text)}`, () => {
      const escaped = escapeMarkdown(text);
      assert.deepStrictEqual(unescapedMarkup(escaped), []);
      assert.ok(!/[\r\n]/.test(escaped), 'no line break survives');
    });
  }

  it('keeps code spans closed whatever the value holds', () => {
    assert.strictEqual(code('plain'), '`plain`');
    assert.strictEqual(code('a`b'), '`` a`b ``');
    assert.strictEqual(code('``x'), '``` ``x ```');
    // An empty value is a code span of its own, not a fence that pairs with the next value's.
    assert.strictEqual(code(''), '` `');
    assert.strictEqual(
      [code(''), code('[x](command:workbench.action.quit)')].join(', '),
      '` `, `[x](command:workbench.action.quit)`',
    );
  });

  it('builds network and container tooltips with every value escaped', () => {
    const [network] = buildSnapshot(
      [
        {
          Id: 'f'.repeat(64),
          Name: HOSTILE[0],
          Driver: 'bridge',
          Scope: 'local',
          Internal: true,
          Attachable: true,
          IPAM: {
            Driver: 'default',
            Config: [
              {
                Subnet: '10.9.0.0/24',
                Gateway: '10.9.0.1',
                IPRange: '10.9.0.128/25',
                AuxiliaryAddresses: { '<b>': '10.9.0.2' },
              },
            ],
          },
          Labels: { '<script>': '</script>' },
          Options: { 'com.docker.network.driver.mtu': '1400' },
        },
      ],
      [
        {
          Id: 'c'.repeat(64),
          Names: [`/${HOSTILE[1]}`],
          Image: HOSTILE[2],
          State: 'running',
          NetworkSettings: {
            Networks: {
              [HOSTILE[0]]: {
                NetworkID: 'f'.repeat(64),
                IPAddress: '10.9.0.5',
                IPPrefixLen: 24,
                Aliases: ['<i>alias</i>'],
              },
            },
          },
        },
      ],
    ).networks;
    const md = networkTooltip(network);
    assert.match(md, /\\<img src\\=x onerror\\=alert\\\(1\\\)\\>/);
    assert.match(md, /`<script>` = `<\/script>`/, 'labels as code spans');
    assert.match(md, /`10\.9\.0\.0\/24`/);
    assert.match(md, /internal, attachable/);
    assert.match(md, /1 containers/);
    const container = containerTooltip(network.endpoints[0], network.name);
    assert.match(container, /\\\[click\\\]\\\(command\\:workbench\\\.action\\\.quit\\\)/);
    assert.match(container, /`10\.9\.0\.5\/24`/);
    assert.match(container, /`<i>alias<\/i>`/);
  });
});

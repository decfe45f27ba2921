// Reading one interface's addresses from iproute2's `ip -json address show dev NAME`. The fixture
// is output of iproute2 6.1; anything else (another interface, text, odd fields) yields nothing.
import * as assert from 'assert';
import { parseIpAddresses } from '../../src/engine/interfaces';

const BRIDGE = JSON.stringify([
  {
    ifindex: 4,
    ifname: 'br-0123456789ab',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    operstate: 'UP',
    address: '02:42:ac:12:00:01',
    addr_info: [
      { family: 'inet', local: '172.18.0.1', prefixlen: 16, broadcast: '172.18.255.255', scope: 'global' },
      { family: 'inet6', local: 'fd00:dead::1', prefixlen: 64, scope: 'global' },
      { family: 'inet6', local: 'fe80::42:acff:fe12:1', prefixlen: 64, scope: 'link' },
    ],
  },
]);

describe('interface addresses from ip -json', () => {
  it("reads the named interface's addresses with their prefix", () => {
    assert.deepStrictEqual(parseIpAddresses(BRIDGE, 'br-0123456789ab'), [
      '172.18.0.1/16',
      'fd00:dead::1/64',
      'fe80::42:acff:fe12:1/64',
    ]);
  });

  it('an interface without addresses has none', () => {
    const none = JSON.stringify([{ ifindex: 9, ifname: 'br-x', addr_info: [] }]);
    assert.deepStrictEqual(parseIpAddresses(none, 'br-x'), []);
  });

  it("yields nothing usable from another interface's answer, text or malformed JSON", () => {
    for (const text of ['', 'Device "br-x" does not exist.', '{', '{}', 'null', '[null, 1, "x"]', BRIDGE])
      assert.strictEqual(parseIpAddresses(text, 'br-x'), undefined, text);
    assert.strictEqual(parseIpAddresses(JSON.stringify([{ ifname: 'br-x', addr_info: 'x' }]), 'br-x'), undefined);
  });

  it('keeps only entries that are addresses with a prefix length', () => {
    const odd = JSON.stringify([
      {
        ifname: 'br-x',
        addr_info: [
          null,
          { local: '[x](command:evil)', prefixlen: 16 },
          { local: '10.0.0.1; rm -rf /', prefixlen: 8 },
          { local: '10.0.0.2', prefixlen: '8' },
          { local: '10.0.0.3', prefixlen: -1 },
          { local: '10.0.0.4', prefixlen: 1.5 },
          { local: '10.0.0.5', prefixlen: 8 },
        ],
      },
    ]);
    assert.deepStrictEqual(parseIpAddresses(odd, 'br-x'), ['10.0.0.5/8']);
  });
});

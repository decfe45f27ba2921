import * as assert from 'assert';
import { randomBytes } from 'crypto';
import {
  addressCount,
  contains,
  isReservedV4,
  overlaps,
  parseCidr,
  parseIp,
  readCidr,
  suggestIpv6Subnet,
  suggestSubnet,
  within,
} from '../../src/model/cidr';

describe('address and subnet math', () => {
  const ips: Array<[string, 4 | 6 | undefined]> = [
    ['10.0.0.1', 4],
    ['255.255.255.255', 4],
    ['fd00::1', 6],
    ['::ffff:10.0.0.1', 6],
    ['2001:db8::', 6],
    ['10.1', undefined],
    ['10.0.0.256', undefined],
    ['010.0.0.1', undefined],
    ['fe80::1%eth0', undefined],
    [' 10.0.0.1', undefined],
    ['10.0.0.1/24', undefined],
    ['', undefined],
    ['x', undefined],
    ['1.2.3.4.5', undefined],
    ['::g', undefined],
  ];
  for (const [text, family] of ips) {
    it(`reads ${JSON.stringify(text)} (Go's parser's rules) as ${family ? `IPv${family}` : 'no address'}`, () =>
      assert.strictEqual(parseIp(text)?.family, family));
  }

  const subnets: Array<[string, string | RegExp]> = [
    ['172.20.0.0/16', '172.20.0.0/16'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['fd00:dead:beef::/48', 'fd00:dead:beef::/48'],
    ['10.60.0.5/24', /host bits set; the subnet is 10\.60\.0\.0\/24/],
    ['10.0.0.0/33', /at most 32/],
    ['fd00::/129', /at most 128/],
    ['10.0.0.0', /write it as address\/prefix/],
    ['10.0.0.0/x', /not a subnet/],
    ['10.0.0.0/-1', /not a subnet/],
  ];
  for (const [text, expected] of subnets) {
    it(`parses the subnet ${text}`, () => {
      const r = parseCidr(text);
      if (typeof expected === 'string') assert.deepStrictEqual(r.ok && r.cidr.text, expected);
      else assert.match(r.ok ? '' : r.message, expected);
    });
  }

  it('refuses a subnet of the other family when one is asked for', () => {
    const r = parseCidr('fd00::/64', 4);
    assert.ok(!r.ok && /not an IPv4 subnet/.test(r.message));
  });

  it('tells containment, nesting and overlap', () => {
    const a = readCidr('10.1.0.0/16')!;
    const b = readCidr('10.1.2.0/24')!;
    const c = readCidr('10.2.0.0/16')!;
    const v6 = readCidr('fd00::/64')!;
    assert.ok(contains(a, '10.1.255.255') && !contains(a, '10.2.0.1') && !contains(a, 'fd00::1'));
    assert.ok(contains(v6, 'fd00::abcd') && !contains(v6, 'fd00:1::1'));
    assert.ok(within(b, a) && !within(a, b));
    assert.ok(overlaps(a, b) && overlaps(b, a) && !overlaps(a, c) && !overlaps(a, v6));
  });

  it('knows the network and broadcast addresses', () => {
    const s = readCidr('10.1.2.0/24')!;
    assert.ok(isReservedV4(s, '10.1.2.0') && isReservedV4(s, '10.1.2.255') && !isReservedV4(s, '10.1.2.1'));
    assert.ok(!isReservedV4(readCidr('10.0.0.0/31')!, '10.0.0.0'), 'a /31 has no broadcast');
  });

  it('counts addresses, IPv6 as well', () => {
    assert.strictEqual(addressCount(readCidr('10.0.0.0/24')!), 256n);
    assert.strictEqual(addressCount(readCidr('fd00::/64')!), 1n << 64n);
  });

  it('suggests a free subnet that overlaps none in use', () => {
    assert.strictEqual(suggestSubnet([]), '172.18.0.0/16');
    assert.strictEqual(suggestSubnet(['172.17.0.0/16', '172.18.0.0/16', '172.19.5.0/24']), '172.20.0.0/16');
    assert.strictEqual(suggestSubnet(['172.16.0.0/12']), '192.168.0.0/20');
    assert.strictEqual(
      suggestSubnet(['172.16.0.0/12', '192.168.0.0/16', undefined, 'garbage', 'fd00::/8']),
      '10.1.0.0/16',
    );
  });

  it('suggests a unique local IPv6 /64 with a random global ID, overlapping none in use', () => {
    const bytes = (...lists: number[][]) => {
      let i = 0;
      return () => Uint8Array.from(lists[i++]);
    };
    assert.strictEqual(suggestIpv6Subnet([], bytes([0x12, 0x34, 0x56, 0x78, 0x9a])), 'fd12:3456:789a::/64');
    // Taken (here by a wider range): the next random ID.
    assert.strictEqual(
      suggestIpv6Subnet(['fd12::/16', '10.0.0.0/8'], bytes([0x12, 0, 0, 0, 1], [0, 0, 0, 0, 2])),
      'fd00:0:2::/64',
    );
    // All of fd00::/8 taken: none.
    assert.strictEqual(
      suggestIpv6Subnet(['fd00::/8'], () => Uint8Array.from([1, 2, 3, 4, 5])),
      undefined,
    );
    const real = readCidr(suggestIpv6Subnet([], (n) => randomBytes(n))!)!;
    assert.ok(real.family === 6 && real.prefix === 64 && /^fd/.test(real.network), real.text);
  });
});

// What recreating a network keeps and changes, without an engine: the body that makes it again,
// each container's configuration on it, how addresses carry over to a new subnet, changes applied
// and checked, and the Compose file's drift turned into changes.
import * as assert from 'assert';
import type { RawNetwork } from '../../src/engine/types';
import { editChangesOf } from '../../src/model/compose/fixes';
import { parseCompose } from '../../src/model/compose/file';
import { readCidr } from '../../src/model/cidr';
import {
  applyChanges,
  bodyOf,
  carryOver,
  changedSettings,
  checkNewIpv4,
  describeChanges,
  duplicateBody,
  memberLines,
  membershipOf,
  settingsOf,
} from '../../src/model/recreate';
import { buildSnapshot } from '../../src/model/snapshot';

const raw: RawNetwork = {
  Id: 'n1',
  Name: 'shop',
  Driver: 'bridge',
  Scope: 'local',
  EnableIPv6: false,
  Internal: false,
  Attachable: true,
  IPAM: {
    Driver: 'default',
    Options: null,
    Config: [
      { Subnet: '10.1.0.0/24', Gateway: '10.1.0.1', IPRange: '10.1.0.128/25', AuxiliaryAddresses: { r: '10.1.0.2' } },
    ],
  },
  Options: { 'com.docker.network.driver.mtu': '1400' },
  Labels: { team: 'net' },
};

describe('recreating a network (model)', () => {
  it('makes the create body of the network as it is', () => {
    assert.deepStrictEqual(bodyOf(raw), {
      Name: 'shop',
      CheckDuplicate: true,
      Driver: 'bridge',
      Attachable: true,
      IPAM: {
        Driver: 'default',
        Config: [
          {
            Subnet: '10.1.0.0/24',
            IPRange: '10.1.0.128/25',
            Gateway: '10.1.0.1',
            AuxiliaryAddresses: { r: '10.1.0.2' },
          },
        ],
      },
      Options: { 'com.docker.network.driver.mtu': '1400' },
      Labels: { team: 'net' },
    });
  });

  it("reads a container's configuration on it, without the alias the engine adds", () => {
    const m = membershipOf(
      {
        Id: 'abcdef0123456789',
        Name: '/web',
        NetworkSettings: {
          Networks: {
            shop: {
              IPAMConfig: { IPv4Address: '10.1.0.10', LinkLocalIPs: ['169.254.1.1'] },
              Aliases: ['api', 'abcdef012345'],
              DriverOpts: { a: 'b' },
            },
          },
        },
      },
      'shop',
    );
    assert.deepStrictEqual(m, {
      container: 'abcdef0123456789',
      name: 'web',
      endpoint: { ipv4: '10.1.0.10', linkLocalIps: ['169.254.1.1'], aliases: ['api'], driverOpts: { a: 'b' } },
    });
    assert.strictEqual(membershipOf({ Id: 'x', NetworkSettings: { Networks: {} } }, 'shop'), undefined);
  });

  it('carries a static address into a new subnet by its host part, or makes it dynamic', () => {
    const before = bodyOf(raw);
    const to = (subnet: string, gateway?: string) => ({
      ...before,
      IPAM: { Driver: 'default', Config: [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] },
    });
    assert.deepStrictEqual(carryOver({ ipv4: '10.1.0.10', aliases: ['api'] }, before, to('10.9.0.0/24')), {
      endpoint: { ipv4: '10.9.0.10', aliases: ['api'] },
      moved: [['10.1.0.10', '10.9.0.10']],
      dropped: [],
    });
    assert.deepStrictEqual(carryOver({ ipv4: '10.1.0.10' }, before, to('10.1.0.0/16')).endpoint, { ipv4: '10.1.0.10' });
    assert.deepStrictEqual(carryOver({ ipv4: '10.1.0.200' }, before, to('10.9.0.0/25')).dropped, ['10.1.0.200']);
    assert.deepStrictEqual(carryOver({ ipv4: '10.1.0.10' }, before, to('10.9.0.0/24', '10.9.0.10')).dropped, [
      '10.1.0.10',
    ]);
    assert.deepStrictEqual(carryOver({ ipv6: 'fd00::5' }, before, before).dropped, ['fd00::5'], 'no IPv6 any more');
    // An address chosen for the new network: the old one moves to it; the rest carries over as ever.
    assert.deepStrictEqual(carryOver({ ipv4: '10.1.0.10', aliases: ['api'] }, before, to('10.9.0.0/24'), '10.9.0.99'), {
      endpoint: { ipv4: '10.9.0.99', aliases: ['api'] },
      moved: [['10.1.0.10', '10.9.0.99']],
      dropped: [],
    });
    assert.deepStrictEqual(carryOver({}, before, to('10.9.0.0/24'), '10.9.0.99'), {
      endpoint: { ipv4: '10.9.0.99' },
      moved: [],
      dropped: [],
    });
  });

  it('previews what each container gets back, an IPv6 address it loses too, engine text made plain', () => {
    const before = { ...bodyOf(raw), EnableIPv6: true };
    before.IPAM = { Driver: 'default', Config: [...before.IPAM!.Config!, { Subnet: 'fd00:1::/64' }] };
    const after = { ...bodyOf(raw), IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24' }] } };
    const network = buildSnapshot([raw], []).networks[0];
    const members = [
      { container: 'c1', name: 'web', endpoint: { ipv4: '10.1.0.10', ipv6: 'fd00:1::10', aliases: ['api'] } },
      { container: 'c2', name: 'db', endpoint: { ipv6: 'fd00:1::20' } },
      { container: 'c3', name: 'evil', endpoint: { ipv4: '10.1.0.30\u202e[x](command:y)' } },
    ];
    const lines = memberLines(members, before, after, network);
    assert.strictEqual(lines[0], '• web: 10.9.0.10 (was 10.1.0.10), no IPv6 address (was fd00:1::10) · aliases api');
    assert.strictEqual(lines[1], '• db: a dynamic address, no IPv6 address (was fd00:1::20)');
    assert.ok(!/\u202e|\]\(/.test(lines[2]), lines[2]);
    // An address chosen for the new network (the addressMap argument) is shown as given: plain.
    const chosen = memberLines(
      [{ container: 'c4', name: 'odd', endpoint: {}, newIpv4: '10.9.0.40\u202e[x](command:y)' }],
      before,
      after,
      network,
    )[0];
    assert.ok(chosen.includes('10.9.0.40') && !/\u202e|\]\(/.test(chosen), chosen);
    // IPv6 on another subnet: the engine gives it a dynamic address there.
    const other6 = {
      ...after,
      EnableIPv6: true,
      IPAM: { Driver: 'default', Config: [...after.IPAM.Config, { Subnet: 'fd00:9::/64' }] },
    };
    assert.strictEqual(
      memberLines(members.slice(1, 2), before, other6, network)[0],
      '• db: a dynamic address, a dynamic IPv6 address (was fd00:1::20)',
    );
    // Where the new network has IPv6 room for it, the address is carried and shown.
    const both = {
      ...after,
      EnableIPv6: true,
      IPAM: { Driver: 'default', Config: [...after.IPAM.Config, { Subnet: 'fd00:1::/64' }] },
    };
    assert.strictEqual(
      memberLines(members.slice(1, 2), before, both, network)[0],
      '• db: a dynamic address, fd00:1::20',
    );
  });

  it('checks an address chosen for the new network before anything is disconnected', () => {
    const before = bodyOf(raw);
    const after = {
      ...before,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24', AuxiliaryAddresses: { printer: '10.9.0.7' } }] },
    };
    const web = { container: 'c1', name: 'web', endpoint: { ipv4: '10.1.0.10' } };
    const db = { container: 'c2', name: 'db', endpoint: { ipv4: '10.1.0.20' } };
    const members = [web, db];
    const problem = (ip: string) => checkNewIpv4(ip, web, members, before, after);
    assert.strictEqual(problem('10.9.0.50'), undefined);
    assert.match(problem('10.8.0.50')!, /not a usable address in 10\.9\.0\.0\/24/);
    assert.match(problem('10.9.0.0')!, /not a usable address/, 'the network address');
    assert.match(problem('10.9.0.255')!, /not a usable address/, 'the broadcast address');
    assert.match(problem('nonsense')!, /not a usable address/);
    assert.match(problem('10.9.0.1')!, /gateway/, "without a gateway set, the engine's: the first address");
    assert.match(problem('10.9.0.7')!, /auxiliary/);
    assert.match(problem('10.9.0.20')!, /Another container/, "db's address carried over by its host part");
    assert.strictEqual(checkNewIpv4('10.9.0.20', db, members, before, after), undefined, 'its own');
    const gateway = {
      ...after,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24', Gateway: '10.9.0.254' }] },
    };
    assert.match(checkNewIpv4('10.9.0.254', web, members, before, gateway)!, /gateway/);
    assert.strictEqual(checkNewIpv4('10.9.0.1', web, members, before, gateway), undefined);
    const v6only = { ...after, IPAM: { Driver: 'default', Config: [{ Subnet: 'fd00:9::/64' }] } };
    assert.match(checkNewIpv4('10.9.0.50', web, members, before, v6only)!, /no IPv4 subnet/);
  });

  it('applies changes, keeping what still fits and refusing what does not', () => {
    const used = [{ network: 'other', subnet: readCidr('10.2.0.0/16')! }];
    const moved = applyChanges(bodyOf(raw), { subnet: '10.3.0.0/24', internal: true, labels: { a: 'b' } }, used);
    assert.ok(moved.ok);
    assert.deepStrictEqual(moved.body.IPAM?.Config, [{ Subnet: '10.3.0.0/24' }]);
    assert.strictEqual(moved.body.Internal, true);
    assert.deepStrictEqual(moved.body.Labels, { a: 'b' });
    assert.deepStrictEqual(describeChanges(bodyOf(raw), moved.body).slice(0, 2), [
      'IPv4 subnet: 10.1.0.0/24 → 10.3.0.0/24',
      'IPv4 gateway: 10.1.0.1 → —',
    ]);
    const kept = applyChanges(bodyOf(raw), { subnet: '10.1.0.0/23' }, used);
    assert.ok(kept.ok);
    assert.deepStrictEqual(kept.body.IPAM?.Config?.[0], {
      Subnet: '10.1.0.0/23',
      Gateway: '10.1.0.1',
      IPRange: '10.1.0.128/25',
      AuxiliaryAddresses: { r: '10.1.0.2' },
    });
    for (const [changes, message] of [
      [{ subnet: '10.2.5.0/24' }, /overlaps the subnet 10\.2\.0\.0\/16 of the network "other"/],
      [{ gateway: '10.9.9.9' }, /not inside 10\.1\.0\.0\/24/],
      [{ ipv6Subnet: 'fd00::/64' }, /needs ipv6: true/],
      [{ labels: { '': 'x' } }, /./],
      [{ options: { 'com.docker.network.driver.mtu': 'big' } }, /MTU in bytes/],
    ] as const) {
      const r = applyChanges(bodyOf(raw), changes, used);
      assert.ok(!r.ok && message.test(r.errors.join(' ')), JSON.stringify(changes));
    }
  });

  it("fills Edit Network's form with the network's settings and keeps only what the user changed", () => {
    const initial = settingsOf(bodyOf(raw));
    assert.deepStrictEqual(initial, {
      subnet: '10.1.0.0/24',
      gateway: '10.1.0.1',
      ipRange: '10.1.0.128/25',
      auxAddresses: { r: '10.1.0.2' },
      attachable: true,
      labels: { team: 'net' },
      options: { 'com.docker.network.driver.mtu': '1400' },
    });
    assert.deepStrictEqual(changedSettings(initial, structuredClone(initial)), {});
    // Same entries in another order are no change; a flag turned off, a gateway and labels taken away are.
    const edited = {
      ...structuredClone(initial),
      subnet: '10.7.0.0/24',
      options: { 'com.docker.network.driver.mtu': '1400' },
      attachable: undefined,
      internal: true,
      gateway: undefined,
      labels: undefined,
    };
    const changes = changedSettings(initial, edited);
    assert.deepStrictEqual(changes, {
      subnet: '10.7.0.0/24',
      gateway: '',
      internal: true,
      attachable: false,
      labels: {},
    });
    const applied = applyChanges(bodyOf(raw), changes, []);
    assert.ok(applied.ok);
    // The old range and auxiliary address do not fit the new subnet and go; the gateway is the engine's.
    assert.deepStrictEqual(applied.body.IPAM?.Config, [{ Subnet: '10.7.0.0/24' }]);
    assert.strictEqual(applied.body.Internal, true);
    assert.strictEqual(applied.body.Attachable, undefined);
    assert.deepStrictEqual(applied.body.Labels, {});
    // An empty IPv4 subnet is refused (the network keeps one); IPv6 off drops its subnet without complaint.
    const empty = applyChanges(bodyOf(raw), { subnet: '' }, []);
    assert.ok(!empty.ok && /IPv4 subnet is needed/.test(empty.errors.join(' ')));
    const v6 = {
      ...raw,
      EnableIPv6: true,
      IPAM: { ...raw.IPAM, Config: [...(raw.IPAM?.Config ?? []), { Subnet: 'fd00:1::/64' }] },
    };
    const off = applyChanges(
      bodyOf(v6),
      changedSettings(settingsOf(bodyOf(v6)), { ...settingsOf(bodyOf(v6)), ipv6: undefined, ipv6Subnet: undefined }),
      [],
    );
    assert.ok(off.ok, JSON.stringify(off));
    assert.strictEqual(off.body.EnableIPv6, undefined);
    assert.deepStrictEqual(
      off.body.IPAM?.Config?.map((c) => c.Subnet),
      ['10.1.0.0/24'],
    );
  });

  it("turns a Compose file's drift into changes, keeping Compose's labels; not a driver change", () => {
    const snapshot = buildSnapshot(
      [{ ...raw, Name: 'p_back', Labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.network': 'back' } }],
      [],
    );
    const e = snapshot.networks[0];
    const file = parseCompose('networks:\n  back:\n    internal: true\n    labels: [x=y]\n', 'p', {});
    assert.deepStrictEqual(editChangesOf(file.networks[0], e), {
      internal: true,
      labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.network': 'back', x: 'y' },
      options: { 'com.docker.network.driver.mtu': '1400' },
    });
    const macvlan = parseCompose('networks:\n  back:\n    driver: macvlan\n', 'p', {});
    assert.strictEqual(editChangesOf(macvlan.networks[0], e), undefined);
  });

  it('copies a network on the next free subnet, without the labels of its Compose project', () => {
    const owned = {
      ...raw,
      Labels: { ...raw.Labels, 'com.docker.compose.project': 'p', 'com.docker.stack.namespace': 's' },
    };
    const used = [
      { network: 'shop', subnet: readCidr('10.1.0.0/24')! },
      { network: 'x', subnet: readCidr('10.1.1.0/24')! },
    ];
    const copy = duplicateBody(owned, 'shop-copy', {}, used);
    assert.ok(copy.ok);
    assert.strictEqual(copy.body.Name, 'shop-copy');
    assert.deepStrictEqual(copy.body.Labels, { team: 'net' });
    assert.deepStrictEqual(copy.body.IPAM?.Config, [{ Subnet: '10.1.2.0/24' }]);
    assert.deepStrictEqual(copy.body.Options, raw.Options);
    const given = duplicateBody(raw, 'b', { subnet: '10.7.0.0/24', gateway: '10.7.0.254' }, used);
    assert.ok(given.ok);
    assert.deepStrictEqual(given.body.IPAM?.Config, [{ Subnet: '10.7.0.0/24', Gateway: '10.7.0.254' }]);
    const v6 = { ...raw, EnableIPv6: true, IPAM: { Driver: 'default', Config: [{ Subnet: 'fd00:1::/64' }] } };
    const refused = duplicateBody(v6, 'c', {}, used);
    assert.ok(!refused.ok && /ipv6Subnet/.test(refused.errors[0]));
    assert.ok(duplicateBody(v6, 'c', { ipv6Subnet: 'fd00:2::/64' }, used).ok);
  });
});

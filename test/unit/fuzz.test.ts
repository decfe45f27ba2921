// Every validator and the arguments path of create, fed thousands of generated inputs (Unicode,
// control characters, huge strings, near-miss addresses): none throws, every refusal says something,
// and what is accepted really has the property the validator promises.
import * as assert from 'assert';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { ArgumentError, parseArguments } from '../../src/commands/args';
import { Contract } from '../../src/commands/contract';
import { Commands } from '../../src/commands/ids';
import { contains, parseIp, readCidr } from '../../src/model/cidr';
import { buildCreateBody, CREATE_FIELDS, CreateNetworkArgs } from '../../src/model/createSpec';
import { interpolate } from '../../src/model/compose/interpolate';
import { composeEntry, shellQuote } from '../../src/model/render';
import { buildSnapshot } from '../../src/model/snapshot';
import {
  Check,
  checkAlias,
  checkAuxAddress,
  checkContainerName,
  checkGateway,
  checkImage,
  checkIpRange,
  checkKeyValue,
  checkLinkLocalIp,
  checkNetworkName,
  checkStaticIp,
  checkSubnet,
  usedSubnets,
} from '../../src/model/validate';

const RUNS = Number(process.env.DN_FUZZ_RUNS ?? 3000);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const { networks } = buildSnapshot(
  [
    { Id: 'b', Name: 'bridge', Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] } },
    {
      Id: 'a',
      Name: 'app',
      Driver: 'bridge',
      Scope: 'local',
      IPAM: { Config: [{ Subnet: '10.1.0.0/24', Gateway: '10.1.0.1' }, { Subnet: 'fd00:1::/64' }] },
    },
    {
      Id: 'c',
      Name: 'cfg',
      Driver: 'null',
      Scope: 'local',
      ConfigOnly: true,
      IPAM: { Config: [{ Subnet: '10.7.0.0/24' }] },
    },
  ],
  [
    {
      Id: 'x1',
      Names: ['/web'],
      State: 'running',
      NetworkSettings: { Networks: { app: { NetworkID: 'a', IPAddress: '10.1.0.10' } } },
    },
  ],
);
const app = networks.find((n) => n.name === 'app')!;
const v4 = readCidr('10.1.0.0/24')!;
const v6 = readCidr('fd00:1::/64')!;

/** A value as Compose reads it: interpolated, with no variable set (any `$` left unescaped would be lost). */
const composed = (value: string): string => {
  const r = interpolate(value, {});
  assert.deepStrictEqual(r.errors, []);
  return r.value;
};

/** Text of every kind: any code point, control characters and line breaks, long and very long. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom('a', '-', '_', '.', ' ', '=', '/', ':', '\n', '\u0000', '\u202e', 'ネ', '<', '"', '$'),
      maxLength: 40,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 200, maxLength: 20_000 }) },
);
const octet = fc.integer({ min: -5, max: 300 });
/** Strings that look like addresses and subnets, right or nearly. */
const addressLike = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
  fc
    .tuple(octet, octet, octet, octet, fc.integer({ min: -2, max: 40 }))
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([ip, p]) => `${ip}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 129 })).map(([ip, p]) => `${ip}/${p}`),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([c, d]) => `10.1.${c}.${d}`),
  fc
    .tuple(fc.constantFrom(' ', '\t', '\n', '', 'x'), fc.ipV4(), fc.constantFrom(' ', '', '/24', '/', '\u0000'))
    .map(([a, ip, b]) => `${a}${ip}${b}`),
  anyText,
);

/** A validator's answer: undefined, or a message a person can read. */
function answers(check: Check): boolean {
  if (check === undefined) return true;
  assert.strictEqual(typeof check, 'string');
  assert.ok(check.trim().length > 0, 'a refusal says what is wrong');
  return true;
}

const property = <T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void) =>
  fc.assert(
    fc.property(arb, (value) => {
      predicate(value);
    }),
    { numRuns: RUNS },
  );

describe(`validators, fuzzed (${RUNS} inputs each)`, function () {
  this.timeout(120_000);

  it('network name: accepted names have no control characters, no surrounding spaces, at most 255 characters, and are new', () => {
    property(fc.tuple(anyText, fc.boolean()), ([name, taken]) => {
      const existing = taken ? [name] : ['app'];
      const check = checkNetworkName(name, existing);
      answers(check);
      if (check === undefined) {
        assert.ok(
          !CONTROL.test(name) &&
            name === name.trim() &&
            name.length > 0 &&
            name.length <= 255 &&
            !existing.includes(name),
          JSON.stringify(name),
        );
      }
    });
  });

  it('container name and image: accepted values are what the engine takes', () => {
    property(anyText, (text) => {
      if (answers(checkContainerName(text)) && checkContainerName(text) === undefined)
        assert.match(text, /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
      if (answers(checkImage(text)) && checkImage(text) === undefined)
        assert.ok(!/\s/.test(text) && !CONTROL.test(text) && text.length > 0);
    });
  });

  it('subnets (IPv4 and IPv6): accepted ones parse, have the family asked for, and overlap no subnet in use', () => {
    const used = usedSubnets(networks, false);
    property(addressLike, (text) => {
      for (const family of [4, 6] as const) {
        const check = checkSubnet(text, family, used);
        answers(check);
        if (check !== undefined) continue;
        const cidr = readCidr(text.trim());
        assert.ok(cidr, `accepted ${JSON.stringify(text)} parses`);
        assert.strictEqual(cidr.family, family);
        for (const u of used) {
          if (u.subnet.family === family)
            assert.ok(
              !contains(u.subnet, cidr.network) && !contains(cidr, u.subnet.network),
              `${text} overlaps ${u.subnet.text}`,
            );
        }
      }
    });
  });

  it('gateway, IP range and auxiliary address: accepted ones lie inside the subnet', () => {
    property(fc.tuple(addressLike, anyText), ([text, name]) => {
      for (const subnet of [v4, v6]) {
        const gateway = checkGateway(text, subnet);
        answers(gateway);
        if (gateway === undefined) assert.ok(contains(subnet, text.trim()), `gateway ${text} in ${subnet.text}`);
        const range = checkIpRange(text, subnet);
        answers(range);
        if (range === undefined) {
          const cidr = readCidr(text.trim());
          assert.ok(
            cidr && cidr.prefix >= subnet.prefix && contains(subnet, cidr.network),
            `range ${text} in ${subnet.text}`,
          );
        }
        const aux = checkAuxAddress(`${name}=${text}`, subnet);
        answers(aux);
        if (aux === undefined) assert.ok(!CONTROL.test(name) && name.trim().length > 0);
      }
    });
  });

  it("static addresses: accepted ones are addresses inside one of the network's subnets and not taken", () => {
    property(addressLike, (text) => {
      const check = checkStaticIp(text, app, 'x2');
      answers(check);
      if (check === undefined) {
        const ip = text.trim();
        assert.ok(parseIp(ip), `${text} is an address`);
        assert.ok(contains(v4, ip) || contains(v6, ip), `${text} inside app's subnets`);
        assert.notStrictEqual(ip, '10.1.0.10', 'taken by web');
        assert.notStrictEqual(ip, '10.1.0.1', 'the gateway');
      }
      answers(checkLinkLocalIp(text));
    });
  });

  it('labels, options and aliases: accepted ones have a key without spaces and nothing unprintable', () => {
    property(fc.tuple(anyText, anyText), ([key, value]) => {
      for (const what of ['label', 'option'] as const) {
        const check = checkKeyValue(`${key}=${value}`, what);
        answers(check);
        if (check === undefined) assert.ok(!CONTROL.test(`${key}=${value}`), JSON.stringify(`${key}=${value}`));
      }
      const alias = checkAlias(key);
      answers(alias);
      if (alias === undefined) assert.ok(/^[\w.-]{1,253}$/.test(key) && !/^[.-]|[.-]$/.test(key), JSON.stringify(key));
    });
  });
});

describe(`create arguments from other extensions, fuzzed (${RUNS} objects)`, function () {
  this.timeout(120_000);

  const field = fc.oneof(
    anyText,
    addressLike,
    fc.boolean(),
    fc.integer(),
    fc.constant(null),
    fc.array(anyText, { maxLength: 3 }),
    fc.dictionary(anyText, fc.oneof(anyText, addressLike, fc.integer()), { maxKeys: 3 }),
  );
  const argsObject = fc.oneof(
    // Right field names with values of any type.
    fc.record(Object.fromEntries(Object.keys(CREATE_FIELDS).map((k) => [k, field])), { requiredKeys: [] }),
    // Right types with values of any content.
    fc.record(
      {
        name: anyText,
        driver: fc.constantFrom('bridge', 'overlay', 'macvlan', 'x'),
        subnet: addressLike,
        gateway: addressLike,
        ipRange: addressLike,
        auxAddresses: fc.dictionary(anyText, addressLike, { maxKeys: 2 }),
        ipv6: fc.boolean(),
        ipv6Subnet: addressLike,
        ipv6Gateway: addressLike,
        internal: fc.boolean(),
        attachable: fc.boolean(),
        ingress: fc.boolean(),
        scope: fc.constantFrom('local', 'swarm', 'global', 'x'),
        configOnly: fc.boolean(),
        configFrom: fc.constantFrom('cfg', 'app', 'none'),
        labels: fc.dictionary(anyText, anyText, { maxKeys: 3 }),
        options: fc.dictionary(anyText, anyText, { maxKeys: 3 }),
        ipamDriver: anyText,
        ipamOptions: fc.dictionary(anyText, anyText, { maxKeys: 2 }),
      },
      { requiredKeys: ['name'] },
    ),
    // Anything at all.
    fc.object({ maxDepth: 2 }),
    // What a careful caller sends: mostly right, sometimes one field off.
    fc
      .tuple(
        fc.stringMatching(/^[a-z][a-z0-9_.-]{0,20}$/),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 260 }),
        fc.boolean(),
        fc.dictionary(fc.stringMatching(/^[a-z.]{1,12}$/), fc.oneof(fc.stringMatching(/^[ -~]{0,12}$/), anyText), {
          maxKeys: 2,
        }),
      )
      .map(([name, b, g, attachable, labels]) => ({
        name,
        subnet: `10.${b}.0.0/16`,
        gateway: `10.${b}.0.${g}`,
        attachable,
        labels,
      })),
  );

  it('refuses with a message or builds a body that says exactly what was asked', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(argsObject, (args) => {
        let typed: CreateNetworkArgs;
        try {
          const { engine: _engine, ...rest } = parseArguments(
            Commands.createNetwork,
            args,
            Contract[Commands.createNetwork],
          );
          typed = rest;
        } catch (e) {
          assert.ok(e instanceof ArgumentError, String(e));
          assert.ok(e.message.length > 0);
          refused++;
          return;
        }
        const result = buildCreateBody(typed, {
          networks,
          drivers: ['bridge', 'host', 'null', 'macvlan', 'ipvlan', 'overlay'],
          swarmActive: true,
        });
        if (!result.ok) {
          assert.ok(
            result.errors.length > 0 && result.errors.every((m) => typeof m === 'string' && m.trim().length > 0),
          );
          refused++;
          return;
        }
        accepted++;
        const { body } = result;
        assert.strictEqual(body.Name, typed.name);
        assert.ok(!CONTROL.test(body.Name));
        for (const c of body.IPAM?.Config ?? []) assert.ok(readCidr(c.Subnet), `${c.Subnet} parses`);
        for (const map of [body.Labels, body.Options])
          for (const [k, v] of Object.entries(map ?? {})) assert.ok(!CONTROL.test(k + v));
      }),
      { numRuns: RUNS },
    );
    // The generators reach both sides, so the properties above were really exercised.
    assert.ok(accepted > 0 && refused > 0, `accepted ${accepted}, refused ${refused}`);
  });
});

describe(`what we write from engine data, fuzzed (${RUNS} networks)`, function () {
  this.timeout(120_000);
  const hostile = fc.oneof(
    anyText,
    fc.constantFrom(
      '<img src=x onerror=alert(1)>',
      'x"y',
      "it's",
      '$(touch /tmp/pwned)',
      '`id`',
      '- a',
      ': b',
      '#c',
      '&anchor',
      '*alias',
      '!tag',
      'null',
      'true',
      '0x10',
      '~',
    ),
  );

  it('a Compose entry is valid YAML that reads back as the network: name, labels and options unchanged', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.dictionary(hostile, hostile, { maxKeys: 3, noNullPrototype: true }),
        fc.dictionary(hostile, hostile, { maxKeys: 2, noNullPrototype: true }),
        fc.boolean(),
        (name, labels, options, compose) => {
          const allLabels = compose
            ? { ...labels, 'com.docker.compose.project': 'p', 'com.docker.compose.network': 'n' }
            : labels;
          const [n] = buildSnapshot(
            [{ Id: 'i', Name: name, Driver: 'bridge', Scope: 'local', Labels: allLabels, Options: options }],
            [],
          ).networks;
          const doc = parseYaml(composeEntry(n)) as { networks: Record<string, Record<string, unknown>> };
          const keys = Object.keys(doc.networks);
          assert.strictEqual(keys.length, 1);
          assert.match(keys[0], /^[a-zA-Z0-9._-]+$/);
          const entry = doc.networks[keys[0]];
          // As Compose reads it: every value interpolated (`$$` is `$`), keys as written.
          const read = (map: unknown) =>
            Object.fromEntries(Object.entries((map ?? {}) as Record<string, string>).map(([k, v]) => [k, composed(v)]));
          assert.strictEqual(composed(entry.name as string), name);
          if (compose) {
            const { ['com.docker.compose.project']: _p, ['com.docker.compose.network']: _n, ...own } = allLabels;
            assert.deepStrictEqual(read(entry.labels), own);
            assert.deepStrictEqual(read(entry.driver_opts), options);
          } else assert.strictEqual(entry.external, true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the copied create command quotes every word so a POSIX shell reads back exactly the arguments', () => {
    // The shell itself is run on hostile names in test/engine/render.test.ts; here, the quoting law
    // on thousands of inputs: single-quoted words with embedded quotes closed and escaped.
    fc.assert(
      fc.property(hostile, (word) => {
        const quoted = shellQuote(word);
        assert.strictEqual(unquotePosix(quoted), word);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Reads one word the way a POSIX shell does, for the quoting shellQuote produces. */
function unquotePosix(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const ch = text[i];
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      assert.ok(end > i, `unterminated quote in ${text}`);
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\') {
      out += text[i + 1];
      i += 2;
    } else if (/[A-Za-z0-9_@%+=:,./-]/.test(ch)) {
      out += ch;
      i++;
    } else {
      assert.fail(`unquoted ${JSON.stringify(ch)} in ${text}`);
    }
  }
  return out;
}

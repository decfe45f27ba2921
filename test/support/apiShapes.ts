// Objects shaped by the newest Engine API definition (1.55): generated from it with a seeded
// generator (fields missing, null, of unknown names) and the shapes newer engines send that a 20.10
// engine never does. Shared by the unit and host tests.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { RawContainer, RawNetwork } from '../../src/engine/types';

export type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  format?: string;
  'x-go-type'?: { type?: string };
};
const root = path.join(__dirname, '..', '..', '..');
/** The definition of API 1.55 (Docker 29.6–29.7), the newest there is. */
export const api = parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'engine-api', 'v1.55.yaml'), 'utf8')) as {
  definitions: Record<string, Schema>;
};

/** A schema with its references followed and its `allOf` merged. */
export function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(api.definitions[schema.$ref.replace('#/definitions/', '')]);
  const goType = schema['x-go-type']?.type;
  if (goType && api.definitions[goType]) return resolve(api.definitions[goType]);
  if (schema.allOf) {
    const merged: Schema = { type: 'object', properties: { ...(schema.properties ?? {}) } };
    for (const part of schema.allOf) {
      const r = resolve(part);
      Object.assign(merged.properties!, r?.properties ?? {});
      if (r?.additionalProperties) merged.additionalProperties = r.additionalProperties;
    }
    return merged;
  }
  return schema;
}

/** A small seeded generator, so a failure can be replayed. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const STRINGS = [
    '',
    'x',
    'ネットワーク',
    '10.1.2.3',
    'fd00::1',
    '10.9.0.0/16',
    '<b>hi</b>',
    '[l](command:x)',
    '$(zap)',
    'a\u202Eb',
  ];
  const value = (schema: Schema | undefined, depth: number): unknown => {
    const s = resolve(schema);
    if (!s || depth > 7) return pick([undefined, null, '', 0]);
    if (s.enum?.length) return pick(s.enum);
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, sub] of Object.entries(s.properties ?? {})) {
          const r = random();
          if (r < 0.15) continue; // missing
          if (r < 0.22) out[k] = null;
          else out[k] = value(sub, depth + 1);
        }
        if (typeof s.additionalProperties === 'object') {
          for (let i = Math.floor(random() * 3); i > 0; i--)
            out[pick(STRINGS) || `k${i}`] = random() < 0.1 ? null : value(s.additionalProperties, depth + 1);
        }
        if (random() < 0.3) out[`Unknown${depth}`] = { New: pick(STRINGS) }; // a field newer than 1.55
        return out;
      }
      case 'array':
        return Array.from({ length: Math.floor(random() * 3) }, () => value(s.items, depth + 1));
      case 'integer':
      case 'number':
        return pick([0, 1, 7, 65535, 2 ** 31 - 1]);
      case 'boolean':
        return random() < 0.5;
      case 'string':
        return random() < 0.4 && typeof s.example === 'string' ? s.example : pick(STRINGS);
      default:
        return pick([undefined, null, 'x', 1]);
    }
  };
  return { value: (definition: string) => value({ $ref: `#/definitions/${definition}` }, 0), pick, random };
}

/** Every string in a value (deeply), to look for what must never be shown. */
export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

export function assertShowable(what: string, value: unknown): void {
  for (const s of strings(value)) {
    assert.ok(!/\bundefined\b|\bNaN\b|\[object Object\]/.test(s), `${what} shows ${JSON.stringify(s).slice(0, 300)}`);
  }
}

/** The shapes newer engines send that a 20.10 engine never does. */
export function newerShapes(): { networks: RawNetwork[]; containers: RawContainer[] } {
  const networks: RawNetwork[] = [
    {
      Id: 'v6only'.padEnd(64, '0'),
      Name: 'v6only',
      Driver: 'bridge',
      Scope: 'local',
      EnableIPv4: false,
      EnableIPv6: true,
      IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: 'fd00:1::/64', Gateway: 'fd00:1::1', IPRange: '' }] },
      Options: {},
      Labels: {},
      Status: { IPAM: { Subnets: { 'fd00:1::/64': { IPsInUse: '3', DynamicIPsAvailable: '18446744073709551615' } } } },
    },
    {
      Id: 'empty'.padEnd(64, '1'),
      Name: 'empty-strings',
      Driver: 'bridge',
      Scope: 'local',
      EnableIPv4: true,
      // Docker 29.0-29.1 send "" where older engines leave a value out.
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.77.0.0/24', Gateway: '', IPRange: '' }] },
      Status: { IPAM: { Subnets: { '10.77.0.0/24': { IPsInUse: 4, DynamicIPsAvailable: 250 } } } },
    },
  ];
  const containers: RawContainer[] = [
    {
      Id: 'c6'.padEnd(64, '2'),
      Names: ['/only6'],
      Image: 'tiny',
      State: 'running',
      Status: 'Up',
      HostConfig: { NetworkMode: 'v6only' },
      NetworkSettings: {
        Networks: {
          v6only: {
            NetworkID: networks[0].Id,
            IPAddress: '',
            IPPrefixLen: 0,
            Gateway: '',
            GlobalIPv6Address: 'fd00:1::2',
            GlobalIPv6PrefixLen: 64,
            DNSNames: ['only6', 'c6c6'],
            GwPriority: 10,
            MacAddress: '',
          },
          'empty-strings': {
            NetworkID: networks[1].Id,
            IPAddress: '10.77.0.2',
            IPPrefixLen: 24,
            Gateway: '',
            GwPriority: 0,
            IPAMConfig: { IPv4Address: '', IPv6Address: '' },
          },
        },
      },
    },
  ];
  return { networks, containers };
}

// A Compose file read the way Compose reads it, with where each part is written: its project name,
// its top-level networks (the name each gets on the engine, driver, options, IPAM, flags) and each
// service's networks, `network_mode` and `ports`. Values are interpolated from the environment and
// the `.env` beside the file; anchors and merge keys resolve. A file that does not parse gives one
// error at the parse error and nothing else. Positions are offsets into the text. Pure.
import { isAlias, isMap, isScalar, isSeq, Node, parseDocument, Document } from 'yaml';
import { Environment, interpolate } from './interpolate';

export interface Range {
  start: number;
  end: number;
}

export interface ComposeIpamConfig {
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  auxAddresses: Record<string, string>;
  /** Where each value is written. */
  at: { subnet?: Range; ipRange?: Range; gateway?: Range; auxAddresses?: Range };
}

export interface ComposeNetwork {
  /** Its key under `networks:`. */
  key: string;
  keyRange: Range;
  /** The name it has on the engine: `name:`, else the key for an external one, else `<project>_<key>`. */
  name: string;
  external: boolean;
  driver?: string;
  driverOpts: Record<string, string>;
  internal: boolean;
  attachable: boolean;
  enableIpv6?: boolean;
  labels: Record<string, string>;
  ipam: { driver?: string; config: ComposeIpamConfig[] };
  /** Declared by the file (false: the implicit `default` network). */
  declared: boolean;
  /** Where `external: …` is written, key to the end of its value. */
  externalRange?: Range;
}

export interface ComposeServiceNetwork {
  key: string;
  range: Range;
  ipv4?: string;
  ipv6?: string;
  aliases: string[];
  at: { ipv4?: Range; ipv6?: Range };
}

export interface ComposeService {
  name: string;
  keyRange: Range;
  /** Its networks; the implicit `default` when it names none and has no `network_mode`. */
  networks: ComposeServiceNetwork[];
  networkMode?: string;
  networkModeRange?: Range;
  ports: boolean;
  portsRange?: Range;
}

export interface ComposeProblem {
  message: string;
  range: Range;
}

export interface ComposeInclude {
  /** As written (relative to the file's folder), interpolated. */
  path: string;
  range: Range;
}

export interface ComposeFile {
  project: string;
  /** The files its top-level `include:` names. */
  includes: ComposeInclude[];
  networks: ComposeNetwork[];
  services: ComposeService[];
  /** A parse error (then nothing else is read), or a required variable without a value. */
  errors: ComposeProblem[];
}

/** The project name as Compose normalizes it: lower case, letters, digits, `-` and `_`, starting with a letter or digit. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/**
 * The project: COMPOSE_PROJECT_NAME, else the file's top-level `name:`, else the folder's name.
 * (The CLI's `-p` comes first; a workspace has none.)
 */
export function projectName(folderName: string, fileName: string | undefined, env: Environment): string {
  return normalizeProjectName(env.COMPOSE_PROJECT_NAME || fileName || folderName);
}

type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain };

const str = (v: Plain): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const obj = (v: Plain): Record<string, Plain> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Plain>) : {};
const truthy = (v: Plain): boolean => v === true || v === 'true';

/** `{ k: v }` or `["k=v"]`, as Compose takes labels and options. */
function pairs(v: Plain): Record<string, string> {
  if (Array.isArray(v))
    return Object.fromEntries(
      v
        .map(str)
        .filter((s): s is string => s !== undefined)
        .map((s) => {
          const at = s.indexOf('=');
          return at < 0 ? [s, ''] : [s.slice(0, at), s.slice(at + 1)];
        }),
    );
  return Object.fromEntries(
    Object.entries(obj(v))
      .map(([k, x]) => [k, str(x)] as const)
      .filter((e): e is readonly [string, string] => e[1] !== undefined),
  );
}

/**
 * `given`, when set, is the project's name from elsewhere: the file is included by another, or
 * is one of several files COMPOSE_FILE names.
 */
export function parseCompose(text: string, folderName: string, env: Environment, given?: string): ComposeFile {
  const fallback = given ?? normalizeProjectName(env.COMPOSE_PROJECT_NAME || folderName);
  const doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return {
      project: fallback,
      includes: [],
      networks: [],
      services: [],
      errors: [
        { message: e.message.split('\n')[0], range: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) } },
      ],
    };
  }
  let js: Plain;
  try {
    // Throws on a merge key whose source is not a map, an alias to nothing, or aliases that
    // expand beyond the limit (a "billion laughs" file).
    js = doc.toJS({ maxAliasCount: 1000 }) as Plain;
  } catch (e) {
    return {
      project: fallback,
      includes: [],
      networks: [],
      services: [],
      errors: [
        { message: e instanceof Error ? e.message : String(e), range: { start: 0, end: Math.min(1, text.length) } },
      ],
    };
  }
  const errors: ComposeProblem[] = [];
  const root = interpolated(js, env, (message, path) => errors.push({ message, range: rangeOf(doc, path) }));
  const top = obj(root);
  const project = given ?? projectName(folderName, str(top.name), env);
  const declared = obj(top.networks);
  const networks: ComposeNetwork[] = Object.entries(declared).map(([key, raw]) =>
    network(doc, project, key, obj(raw), true),
  );
  const services: ComposeService[] = Object.entries(obj(top.services)).map(([name, raw]) => {
    const s = obj(raw);
    const base = ['services', name];
    const networkMode = str(s.network_mode);
    const list: ComposeServiceNetwork[] = [];
    if (Array.isArray(s.networks)) {
      s.networks.forEach((n, i) => {
        const key = str(n);
        if (key !== undefined) list.push({ key, range: rangeOf(doc, [...base, 'networks', i]), aliases: [], at: {} });
      });
    } else if (s.networks && typeof s.networks === 'object') {
      for (const [key, rawEntry] of Object.entries(obj(s.networks))) {
        const e = obj(rawEntry);
        const path = [...base, 'networks', key];
        const ipv4 = str(e.ipv4_address);
        const ipv6 = str(e.ipv6_address);
        list.push({
          key,
          range: keyRangeOf(doc, path),
          ...(ipv4 !== undefined ? { ipv4 } : {}),
          ...(ipv6 !== undefined ? { ipv6 } : {}),
          aliases: Array.isArray(e.aliases) ? e.aliases.map(str).filter((a): a is string => !!a) : [],
          at: {
            ...(ipv4 !== undefined ? { ipv4: rangeOf(doc, [...path, 'ipv4_address']) } : {}),
            ...(ipv6 !== undefined ? { ipv6: rangeOf(doc, [...path, 'ipv6_address']) } : {}),
          },
        });
      }
    }
    if (!list.length && networkMode === undefined)
      list.push({ key: 'default', range: keyRangeOf(doc, base), aliases: [], at: {} });
    return {
      name,
      keyRange: keyRangeOf(doc, base),
      networks: list,
      ...(networkMode !== undefined ? { networkMode, networkModeRange: rangeOf(doc, [...base, 'network_mode']) } : {}),
      ports: Array.isArray(s.ports) && s.ports.length > 0,
      ...(Array.isArray(s.ports) ? { portsRange: keyRangeOf(doc, [...base, 'ports']) } : {}),
    };
  });
  // The implicit default network, when a service uses it and the file does not declare it.
  if (!declared.default && services.some((s) => s.networks.some((n) => n.key === 'default')))
    networks.push({ ...network(doc, project, 'default', {}, false) });
  return { project, includes: includes(doc, top.include), networks, services, errors };
}

/** `include:` entries: a path, or `{ path: a path or a list }` (the first file of a list is the one read). */
function includes(doc: Document, raw: Plain): ComposeInclude[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry, i): ComposeInclude[] => {
    const range = rangeOf(doc, ['include', i]);
    const direct = str(entry);
    if (direct !== undefined) return [{ path: direct, range }];
    const path = obj(entry).path;
    const paths = Array.isArray(path) ? path.map(str) : [str(path)];
    return paths.filter((p): p is string => !!p).map((p) => ({ path: p, range }));
  });
}

function network(
  doc: Document,
  project: string,
  key: string,
  n: Record<string, Plain>,
  isDeclared: boolean,
): ComposeNetwork {
  const path = ['networks', key];
  const external = truthy(n.external) || (typeof n.external === 'object' && n.external !== null);
  const externalName = str(obj(n.external).name);
  const explicit = str(n.name) ?? externalName;
  const ipam = obj(n.ipam);
  const config = (Array.isArray(ipam.config) ? ipam.config : []).map((raw, i): ComposeIpamConfig => {
    const c = obj(raw);
    const at = [...path, 'ipam', 'config', i];
    const subnet = str(c.subnet);
    const ipRange = str(c.ip_range);
    const gateway = str(c.gateway);
    return {
      ...(subnet !== undefined ? { subnet } : {}),
      ...(ipRange !== undefined ? { ipRange } : {}),
      ...(gateway !== undefined ? { gateway } : {}),
      auxAddresses: pairs(c.aux_addresses),
      at: {
        ...(subnet !== undefined ? { subnet: rangeOf(doc, [...at, 'subnet']) } : {}),
        ...(ipRange !== undefined ? { ipRange: rangeOf(doc, [...at, 'ip_range']) } : {}),
        ...(gateway !== undefined ? { gateway: rangeOf(doc, [...at, 'gateway']) } : {}),
        ...(c.aux_addresses !== undefined ? { auxAddresses: rangeOf(doc, [...at, 'aux_addresses']) } : {}),
      },
    };
  });
  const driver = str(n.driver);
  const ipamDriver = str(ipam.driver);
  const enableIpv6 = n.enable_ipv6 === undefined ? undefined : truthy(n.enable_ipv6);
  return {
    key,
    keyRange: isDeclared ? keyRangeOf(doc, path) : { start: 0, end: 0 },
    name: explicit ?? (external ? key : `${project}_${key}`),
    external,
    ...(driver !== undefined ? { driver } : {}),
    driverOpts: pairs(n.driver_opts),
    internal: truthy(n.internal),
    attachable: truthy(n.attachable),
    ...(enableIpv6 !== undefined ? { enableIpv6 } : {}),
    labels: pairs(n.labels),
    ipam: { ...(ipamDriver !== undefined ? { driver: ipamDriver } : {}), config },
    declared: isDeclared,
    ...(isDeclared && n.external !== undefined ? { externalRange: pairRangeOf(doc, [...path, 'external']) } : {}),
  };
}

/** Every string value interpolated; `fail` hears of required variables without a value. */
function interpolated(
  value: Plain,
  env: Environment,
  fail: (message: string, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): Plain {
  if (typeof value === 'string') {
    const r = interpolate(value, env);
    for (const e of r.errors) fail(e, path);
    return r.value;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolated(v, env, fail, [...path, i]));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolated(v, env, fail, [...path, k])]));
  return value;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The node at `path` (through aliases), or undefined. */
function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const step of path) {
    node = resolve(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
      node = pair?.value;
    } else if (isSeq(node) && typeof step === 'number') node = node.items[step];
    else return undefined;
  }
  return resolve(doc, node) as Node | undefined;
}

const toRange = (r: [number, number, number] | null | undefined): Range | undefined =>
  r ? { start: r[0], end: r[1] } : undefined;

/** Where the value at `path` is written, or the nearest written part above it. */
function rangeOf(doc: Document, path: (string | number)[]): Range {
  for (let n = path.length; n > 0; n--) {
    const r = toRange(nodeAt(doc, path.slice(0, n))?.range);
    if (r) return r;
  }
  return { start: 0, end: 0 };
}

/** Where the entry at `path` is written, from its key to the end of its value. */
function pairRangeOf(doc: Document, path: (string | number)[]): Range {
  const key = keyRangeOf(doc, path);
  const value = rangeOf(doc, path);
  return { start: Math.min(key.start, value.start), end: Math.max(key.end, value.end) };
}

/** Where the key of the entry at `path` is written (the entry's value when it has no key). */
function keyRangeOf(doc: Document, path: (string | number)[]): Range {
  const parent = resolve(doc, nodeAt(doc, path.slice(0, -1)) ?? (path.length === 1 ? doc.contents : undefined));
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
    const r = isScalar(pair?.key) ? toRange(pair.key.range) : undefined;
    if (r) return r;
  }
  return rangeOf(doc, path);
}

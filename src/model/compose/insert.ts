// Putting a network into a Compose file as text insertions, so the rest of the file — its
// formatting, comments, anchors and order — stays as written: the entry goes after the last one of
// the top-level `networks:` (or into a new `networks:` at the end), and a service's entry for it
// after the service's last network (a block list, a block map or a flow list), or into a new
// `networks:` of the service that keeps it on `default` too when it had no networks. Pure.
import { isMap, isPair, isScalar, isSeq, Node, Pair, parseDocument, YAMLMap } from 'yaml';
import { l10n } from '../../util/text';

export interface Insertion {
  offset: number;
  text: string;
}

export type InsertResult = { ok: true; key: string; insertions: Insertion[] } | { ok: false; message: string };

/**
 * The network's entry as composeEntry writes it (`networks:` then the key at two spaces, its
 * fields deeper), to be put under the file's own `networks:`.
 */
export interface NetworkEntry {
  key: string;
  /** The entry's lines without the `networks:` header, indented by two spaces. */
  lines: string[];
  /** The name it has on the engine (the entry's `name:`); a key with this name is the same network. */
  name: string;
}

const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);
const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const column = (text: string, offset: number) => offset - lineStart(text, offset);
/** The offset after the line that holds `offset` (after its line break; the end of the text if none). */
function afterLine(text: string, offset: number): { at: number; needsBreak: boolean } {
  const nl = text.indexOf('\n', Math.max(0, offset - 1));
  return nl < 0 ? { at: text.length, needsBreak: true } : { at: nl + 1, needsBreak: false };
}

/** Where the last written content of a node ends. */
const contentEnd = (node: Node) => node.range?.[1] ?? 0;

function insertAfter(text: string, node: Node, lines: string[]): Insertion {
  const { at, needsBreak } = afterLine(text, contentEnd(node));
  return { offset: at, text: `${needsBreak ? '\n' : ''}${lines.join('\n')}\n` };
}

/**
 * The insertions that declare `entry` in the file (unless a network of that name is declared
 * already, or `declaredKey` says under which key the project declares it) and, with `service`,
 * put that service on it.
 */
export function insertNetwork(text: string, entry: NetworkEntry, service?: string, declaredKey?: string): InsertResult {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length)
    return { ok: false, message: l10n.t('The file does not parse: {0}', doc.errors[0].message.split('\n')[0]) };
  const root = doc.contents;
  if (root !== null && !isMap(root))
    return { ok: false, message: l10n.t('The file is not a Compose file (its top level is not a map).') };
  const insertions: Insertion[] = [];
  const top = root as YAMLMap | null;
  const networksPair = top?.items.find((p) => keyOf(p) === 'networks');
  const declared = isMap(networksPair?.value) ? networksPair.value : undefined;

  // The key: the entry's own, unless the file declares it for another network already.
  let key = entry.key;
  const existing = declared?.items.find((p) => {
    const v = p.value;
    const name = isMap(v) ? v.items.find((x) => keyOf(x) === 'name') : undefined;
    return isScalar(name?.value) && String(name.value.value) === entry.name;
  });
  if (declaredKey !== undefined) key = declaredKey;
  else if (existing) key = keyOf(existing) ?? key;
  else {
    const taken = new Set(declared?.items.map(keyOf));
    for (let i = 2; taken.has(key); i++) key = `${entry.key}_${i}`;
    const lines = entry.lines.map((l, i) => (i === 0 ? l.replace(entry.key, key) : l));
    if (networksPair && declared?.flow)
      return {
        ok: false,
        message: l10n.t('The top-level networks: is written on one line; write it as a block to insert into it.'),
      };
    if (declared && declared.items.length) {
      const indent = ' '.repeat(column(text, declared.items[0].key ? (declared.items[0].key as Node).range![0] : 0));
      insertions.push(
        insertAfter(
          text,
          declared,
          lines.map((l) => indent + l.slice(2)),
        ),
      );
    } else if (networksPair) {
      // `networks:` with nothing under it.
      const indent = ' '.repeat(column(text, (networksPair.key as Node).range![0]) + 2);
      insertions.push(
        insertAfter(
          text,
          networksPair.key as Node,
          lines.map((l) => indent + l.slice(2)),
        ),
      );
    } else {
      const { at, needsBreak } = { at: text.length, needsBreak: text.length > 0 && !text.endsWith('\n') };
      insertions.push({ offset: at, text: `${needsBreak ? '\n' : ''}networks:\n${lines.join('\n')}\n` });
    }
  }

  if (service !== undefined) {
    const services = top?.items.find((p) => keyOf(p) === 'services')?.value;
    const s = isMap(services) ? services.items.find((p) => keyOf(p) === service) : undefined;
    if (!s || !isMap(s.value)) return { ok: false, message: l10n.t('The file has no service named {0}.', service) };
    const body = s.value;
    if (body.items.some((p) => keyOf(p) === 'network_mode'))
      return { ok: false, message: l10n.t('{0} uses network_mode, which cannot go with networks.', service) };
    const nets = body.items.find((p) => keyOf(p) === 'networks');
    const value = nets?.value;
    if (isSeq(value)) {
      if (value.items.some((i) => isScalar(i) && String(i.value) === key)) return { ok: true, key, insertions };
      if (value.flow) {
        // `[a, b]`: before the closing bracket.
        const last = value.items[value.items.length - 1] as Node | undefined;
        insertions.push(
          last
            ? { offset: contentEnd(last), text: `, ${key}` }
            : { offset: text.lastIndexOf(']', contentEnd(value)), text: key },
        );
      } else {
        const first = value.items[0] as Node | undefined;
        const dash = first?.range ? text.lastIndexOf('-', first.range[0]) : -1;
        const indent = ' '.repeat(dash >= 0 ? column(text, dash) : column(text, (nets!.key as Node).range![0]) + 2);
        insertions.push(insertAfter(text, value, [`${indent}- ${key}`]));
      }
    } else if (isMap(value)) {
      if (value.items.some((p) => keyOf(p) === key)) return { ok: true, key, insertions };
      if (value.flow) {
        const last = value.items[value.items.length - 1];
        const end = last ? contentEnd((last.value ?? last.key) as Node) : -1;
        insertions.push(
          last
            ? { offset: end, text: `, ${key}: {}` }
            : { offset: text.lastIndexOf('}', contentEnd(value)), text: `${key}: {}` },
        );
      } else {
        const indent = ' '.repeat(column(text, (value.items[0].key as Node).range![0]));
        insertions.push(insertAfter(text, value, [`${indent}${key}: {}`]));
      }
    } else {
      // No networks yet: the service is on `default`, and stays on it.
      const firstKey = body.items[0]?.key as Node | undefined;
      const indent = ' '.repeat(
        firstKey?.range ? column(text, firstKey.range[0]) : column(text, (s.key as Node).range![0]) + 2,
      );
      const lines = [`${indent}networks:`, `${indent}  - default`, `${indent}  - ${key}`];
      if (nets && isPair(nets)) {
        // `networks:` with nothing under it.
        insertions.push(insertAfter(text, nets.key as Node, lines.slice(1)));
      } else insertions.push(insertAfter(text, body, lines));
    }
  }
  // Later offsets first, so each offset still points where it was computed.
  insertions.sort((a, b) => b.offset - a.offset);
  return { ok: true, key, insertions };
}

/** The text with the insertions made. */
export function applyInsertions(text: string, insertions: readonly Insertion[]): string {
  return [...insertions]
    .sort((a, b) => b.offset - a.offset)
    .reduce((t, i) => t.slice(0, i.offset) + i.text + t.slice(i.offset), text);
}

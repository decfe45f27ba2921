// Tooltips as Markdown text, built from engine data that may be hostile. Every value is escaped so
// it renders as the literal text it is; the tree wraps the result in an untrusted MarkdownString
// with HTML off, so even an escaping mistake could not run anything.
import { l10n, visibleControls } from '../util/text';
import type { PlumbingResult } from '../engine/plumbing';
import { composeOrigin } from './compose';
import { EndpointModel, NetworkModel } from './snapshot';

/** Escapes every character Markdown gives meaning to, and folds line breaks into spaces. */
export function escapeMarkdown(text: string): string {
  return visibleControls(text.replace(/[\r\n\u2028\u2029]+/g, ' ')).replace(
    /[\\`*_{}[\]()#+\-.!|<>~&:"'=$@]/g,
    (c) => `\\${c}`,
  );
}

/** Inline code that cannot be broken out of: backticks in the value get a longer fence. */
export function code(text: string): string {
  // Line breaks fold to spaces; other control characters and bidi overrides show as marks.
  const clean = visibleControls(text.replace(/[\r\n]+/g, ' '));
  // Two backticks with nothing between are no code span: they would open one with the next value's
  // fence and leave that value as Markdown. A space between them is one.
  if (!clean) return '` `';
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${clean}${longest ? ' ' : ''}${fence}`;
}

const line = (label: string, value: string) => `${label}: ${value}`;

function map(entries: Record<string, string>, limit = 20): string[] {
  const keys = Object.keys(entries).sort();
  const lines = keys.slice(0, limit).map((k) => `- ${code(k)} = ${code(entries[k])}`);
  if (keys.length > limit) lines.push(`- ${escapeMarkdown(l10n.t('… and {0} more', keys.length - limit))}`);
  return lines;
}

/** The network's tooltip: identity, flags, IPAM, labels, options, how many containers. */
export function networkTooltip(n: NetworkModel): string {
  const out: string[] = [
    `**${escapeMarkdown(n.name)}**${n.builtIn ? ` (${escapeMarkdown(l10n.t('built-in'))})` : ''}`,
    '',
  ];
  out.push(line('ID', code(n.id)));
  if (n.pending)
    out.push(escapeMarkdown(l10n.t('Being created: the swarm managers have not given it a driver and addresses yet.')));
  if (n.created) out.push(line(escapeMarkdown(l10n.t('Created')), escapeMarkdown(n.created)));
  out.push(
    line(escapeMarkdown(l10n.t('Driver')), escapeMarkdown(n.driver || '—')) +
      ' · ' +
      line(escapeMarkdown(l10n.t('Scope')), escapeMarkdown(n.scope || '—')),
  );
  const flags = [
    n.internal && l10n.t('internal'),
    n.attachable && l10n.t('attachable'),
    n.ingress && l10n.t('ingress'),
    n.ipv6 && (n.ipv4 ? l10n.t('IPv6') : l10n.t('IPv6 only')),
    n.configOnly && l10n.t('config only'),
  ].filter((f): f is string => !!f);
  if (flags.length) out.push(line(escapeMarkdown(l10n.t('Flags')), escapeMarkdown(flags.join(', '))));
  if (n.configFrom) out.push(line(escapeMarkdown(l10n.t('Config from')), code(n.configFrom)));
  const origin = composeOrigin(n);
  if (origin) {
    const what = origin.kind === 'compose' ? l10n.t('Compose project') : l10n.t('Swarm stack');
    out.push(
      line(escapeMarkdown(what), code(origin.project)) +
        (origin.network ? ` · ${line(escapeMarkdown(l10n.t('Network in the file')), code(origin.network))}` : ''),
    );
  }
  if (n.ipam.driver !== 'default' || Object.keys(n.ipam.options).length) {
    out.push(line(escapeMarkdown(l10n.t('IPAM driver')), code(n.ipam.driver)));
    out.push(...map(n.ipam.options));
  }
  for (const c of n.ipam.configs) {
    const parts = [
      c.subnet && line(escapeMarkdown(l10n.t('Subnet')), code(c.subnet)),
      c.gateway && line(escapeMarkdown(l10n.t('Gateway')), code(c.gateway)),
      c.ipRange && line(escapeMarkdown(l10n.t('IP range')), code(c.ipRange)),
    ].filter(Boolean);
    if (parts.length) out.push(parts.join(' · '));
    const aux = Object.entries(c.auxAddresses);
    if (aux.length)
      out.push(
        line(escapeMarkdown(l10n.t('Auxiliary addresses')), aux.map(([k, v]) => `${code(k)} ${code(v)}`).join(', ')),
      );
  }
  if (Object.keys(n.labels).length) out.push('', `**${escapeMarkdown(l10n.t('Labels'))}**`, ...map(n.labels));
  if (Object.keys(n.options).length) out.push('', `**${escapeMarkdown(l10n.t('Options'))}**`, ...map(n.options));
  out.push('', escapeMarkdown(l10n.t('{0} containers', n.endpointCount)));
  return out.join('  \n');
}

export interface ContainerDetails {
  aliases?: string[];
  dnsNames?: string[];
  /** Where its interface on the network is in the host (engine/plumbing). */
  plumbing?: PlumbingResult;
}

/** One line on a container's interface in the host: `eth0 ⇄ veth… on br-…`, or why it cannot be read. */
export function plumbingLine(result: PlumbingResult, containerId: string): string | undefined {
  if (!result.available) {
    return result.problem === 'remote'
      ? l10n.t('not readable here: the engine is on another machine')
      : l10n.t('not readable here: the engine runs in a virtual machine');
  }
  const p = result.plumbing;
  if (p.kind === 'host') return l10n.t("none of its own: it uses the host's network stack");
  if (p.kind === 'none') return l10n.t('loopback (lo) only');
  const e = p.endpoints.find((x) => x.containerId === containerId);
  if (!e || e.problem === 'notRunning' || e.problem === 'shared') return undefined;
  if (e.problem === 'permission') return l10n.t("not readable: no permission to look into the container's namespace");
  if (e.problem === 'unreadable')
    return l10n.t('could not read its interfaces: what the container shows in its /sys is not a plain sysfs');
  if (!e.ifName) return l10n.t('no interface with its MAC address found');
  if (e.hostPeer)
    return e.master
      ? l10n.t('{0} ⇄ {1} on bridge {2}', code(e.ifName), code(e.hostPeer), code(e.master))
      : l10n.t('{0} ⇄ {1}', code(e.ifName), code(e.hostPeer));
  if (e.parent) return l10n.t('{0} on parent {1}', code(e.ifName), code(e.parent));
  if (p.overlayNamespace)
    return l10n.t("{0}, its peer in the engine's namespace {1}", code(e.ifName), code(p.overlayNamespace));
  return code(e.ifName);
}

/** A container's tooltip on one network: image, addresses, MAC, names, endpoint, other networks. */
export function containerTooltip(e: EndpointModel, networkName: string, details: ContainerDetails = {}): string {
  const out: string[] = [`**${escapeMarkdown(e.containerName)}** — ${escapeMarkdown(e.status || e.state)}`, ''];
  out.push(line(escapeMarkdown(l10n.t('Image')), code(e.image || '—')));
  out.push(line('ID', code(e.containerId.slice(0, 12))));
  if (e.sharedFrom) out.push(escapeMarkdown(l10n.t('Uses the network stack of {0}', e.sharedFrom.name)));
  const v4 = e.ipv4
    ? `${e.ipv4}${e.ipv4PrefixLength ? `/${e.ipv4PrefixLength}` : ''}`
    : e.configuredIpv4 && `${e.configuredIpv4} (${l10n.t('configured')})`;
  const v6 = e.ipv6
    ? `${e.ipv6}${e.ipv6PrefixLength ? `/${e.ipv6PrefixLength}` : ''}`
    : e.configuredIpv6 && `${e.configuredIpv6} (${l10n.t('configured')})`;
  if (v4) out.push(line('IPv4', code(v4)));
  if (v6) out.push(line('IPv6', code(v6)));
  if (e.gateway) out.push(line(escapeMarkdown(l10n.t('Gateway')), code(e.gateway)));
  if (e.gwPriority !== undefined)
    out.push(line(escapeMarkdown(l10n.t('Gateway priority')), code(String(e.gwPriority))));
  if (e.mac) out.push(line('MAC', code(e.mac)));
  const aliases = details.aliases ?? e.aliases;
  const dnsNames = details.dnsNames ?? e.dnsNames;
  if (aliases.length) out.push(line(escapeMarkdown(l10n.t('Aliases')), aliases.map(code).join(', ')));
  if (dnsNames.length) out.push(line(escapeMarkdown(l10n.t('DNS names')), dnsNames.map(code).join(', ')));
  if (e.endpointId) out.push(line(escapeMarkdown(l10n.t('Endpoint')), code(e.endpointId.slice(0, 12))));
  out.push(line(escapeMarkdown(l10n.t('Network')), code(networkName)));
  const host = details.plumbing && plumbingLine(details.plumbing, e.containerId);
  if (host) out.push(line(escapeMarkdown(l10n.t('Host interfaces')), host));
  if (e.otherNetworks.length) out.push(line(escapeMarkdown(l10n.t('Also on')), e.otherNetworks.map(code).join(', ')));
  return out.join('  \n');
}

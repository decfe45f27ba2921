// The network form: every option of `docker network create` in one list that shows the current
// values, each checked as it is typed with the validators the commands apply to arguments objects.
// Create Network opens it empty; Edit Network opens it filled with the network's settings and shows
// only what recreating the network can change (not its driver, scope or IPAM driver).
import * as fs from 'fs';
import * as vscode from 'vscode';
import { l10n, plain } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { readCidr, suggestSubnet } from '../../model/cidr';
import { API_IPV4_OPTIONAL, apiAtLeast, CreateNetworkArgs, lacksIpv6Pool } from '../../model/createSpec';
import { driverOptions } from '../../model/driverOptions';
import {
  checkAuxAddress,
  checkGateway,
  checkIpRange,
  checkKeyValue,
  checkSubnet,
  usedSubnets,
} from '../../model/validate';
import { EngineState } from '../../store';
import { BACK, inputStep, pickStep } from '../../dialogs/quickInput';

type Item = vscode.QuickPickItem & { id?: string; trusted?: boolean };

export interface FormOptions {
  title: string;
  /** The first row, which confirms the form: Create, or Review Changes…. */
  confirm: { label: string; icon: string };
  /**
   * Edit and Duplicate Network: only what a recreate or a copy can change; the IPv4 subnet stays
   * set. `networkId`: the network being edited, which is not in its own way (none for a copy).
   */
  edit?: { networkId?: string };
  /** What is wrong with the values as they are; an empty list confirms. */
  check: (args: CreateNetworkArgs) => string[];
}

/** Interfaces of this machine, a hint for macvlan/ipvlan `parent` when the engine runs here. */
function hostInterfaces(engine: EngineState): string[] {
  if (!engine.endpoint.host.startsWith('unix://')) return [];
  try {
    return fs
      .readdirSync('/sys/class/net')
      .filter((i) => i !== 'lo' && !/^(veth|br-|docker|dn)/.test(i))
      .sort();
  } catch {
    return [];
  }
}

export function splitEntry(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

const onOff = (v: boolean | undefined) => (v ? l10n.t('on') : l10n.t('off'));
const count = (m: Record<string, string> | undefined) =>
  m && Object.keys(m).length
    ? Object.entries(m)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : l10n.t('none');

/** The options list, changing `args` in place. Resolves true when confirmed, false for Back. */
export async function optionsForm(engine: EngineState, args: CreateNetworkArgs, form: FormOptions): Promise<boolean> {
  const { title, edit } = form;
  // The network being edited does not stand in its own way.
  const networks = (engine.snapshot?.networks ?? []).filter((n) => n.id !== edit?.networkId);
  const driver = args.driver ?? 'bridge';
  const swarmScope = driver === 'overlay' || args.scope === 'swarm' || args.scope === 'global';
  const used = () => usedSubnets(networks, swarmScope);
  const suggestion = suggestSubnet(used().map((u) => u.subnet.text));
  let active: string | undefined;
  for (;;) {
    const sep = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const row = (id: string, label: string, value: string, detail?: string): Item => ({
      id,
      label,
      description: value,
      ...(detail ? { detail } : {}),
    });
    const v4 = readCidr(args.subnet);
    const v6 = readCidr(args.ipv6Subnet);
    const ipv4Toggle = !edit && apiAtLeast(engine.version?.apiVersion, API_IPV4_OPTIONAL);
    const items: Item[] = [
      {
        id: 'confirm',
        label: `$(${form.confirm.icon}) ${form.confirm.label}`,
        description: plain(args.name),
        trusted: true,
      },
      sep('IPv4'),
      ...(ipv4Toggle ? [row('ipv4', l10n.t('IPv4'), onOff(args.ipv4 !== false))] : []),
      ...(args.ipv4 === false
        ? []
        : [
            row(
              'subnet',
              l10n.t('Subnet'),
              args.subnet ?? l10n.t('automatic'),
              !args.subnet && suggestion ? l10n.t('e.g. {0} is free', suggestion) : undefined,
            ),
          ]),
      ...(args.subnet && args.ipv4 !== false
        ? [
            row('gateway', l10n.t('Gateway'), args.gateway ?? l10n.t('automatic')),
            row('ipRange', l10n.t('IP range'), args.ipRange ?? l10n.t('whole subnet')),
            row('aux', l10n.t('Auxiliary addresses'), count(args.auxAddresses)),
          ]
        : []),
      sep('IPv6'),
      row('ipv6', l10n.t('IPv6'), onOff(args.ipv6)),
      ...(args.ipv6
        ? [
            row(
              'ipv6Subnet',
              l10n.t('IPv6 subnet'),
              args.ipv6Subnet ?? l10n.t('automatic'),
              !args.ipv6Subnet && engine.version && lacksIpv6Pool(engine.version)
                ? l10n.t('Docker before 27 has no IPv6 pool unless its daemon is given one: give a subnet.')
                : undefined,
            ),
            ...(args.ipv6Subnet
              ? [row('ipv6Gateway', l10n.t('IPv6 gateway'), args.ipv6Gateway ?? l10n.t('automatic'))]
              : []),
          ]
        : []),
      sep(l10n.t('Behaviour')),
      row('internal', l10n.t('Internal (no access to the outside)'), onOff(args.internal)),
      row('attachable', l10n.t('Attachable (standalone containers may join)'), onOff(args.attachable)),
      ...(edit
        ? []
        : [
            ...(driver === 'overlay'
              ? [row('ingress', l10n.t('Ingress (the routing mesh network)'), onOff(args.ingress))]
              : []),
            row('scope', l10n.t('Scope'), args.scope ?? l10n.t('driver default')),
            row('configOnly', l10n.t('Config only (a template for other networks)'), onOff(args.configOnly)),
            row('configFrom', l10n.t('Config from'), args.configFrom ?? l10n.t('none')),
          ]),
      sep(edit ? l10n.t('Driver options, labels') : l10n.t('Driver, IPAM, labels')),
      row('options', l10n.t('Driver options'), count(args.options)),
      ...(edit
        ? []
        : [
            row('ipamDriver', l10n.t('IPAM driver'), args.ipamDriver ?? 'default'),
            row('ipamOptions', l10n.t('IPAM options'), count(args.ipamOptions)),
          ]),
      row('labels', l10n.t('Labels'), count(args.labels)),
    ];
    const picked = await pickStep({ title, back: true, items, active: items.find((i) => i.id === active) });
    if (picked === BACK) return false;
    active = picked.id;
    switch (picked.id) {
      case 'confirm': {
        const errors = form.check(args);
        if (!errors.length) return true;
        void notify.error(errors.join(' '));
        break;
      }
      case 'subnet':
        await editText(
          args,
          'subnet',
          edit ? l10n.t('IPv4 subnet in CIDR notation') : l10n.t('IPv4 subnet in CIDR notation; empty for automatic'),
          suggestion,
          (v) => checkSubnet(v, 4, used()),
          !!edit,
        );
        if (!args.subnet) {
          delete args.gateway;
          delete args.ipRange;
          delete args.auxAddresses;
        }
        break;
      case 'gateway':
        if (v4)
          await editText(args, 'gateway', l10n.t('Gateway inside {0}; empty for automatic', v4.text), undefined, (v) =>
            checkGateway(v, v4),
          );
        break;
      case 'ipRange':
        if (v4)
          await editText(
            args,
            'ipRange',
            l10n.t('Range inside {0} to give containers addresses from', v4.text),
            undefined,
            (v) => checkIpRange(v, v4),
          );
        break;
      case 'aux':
        if (v4)
          await editMap(args, 'auxAddresses', l10n.t('Auxiliary address as name=address inside {0}', v4.text), (e) =>
            checkAuxAddress(e, v4),
          );
        break;
      case 'ipv4':
        // IPv6 only: the IPv4 settings go, IPv6 comes on.
        if (args.ipv4 === false) delete args.ipv4;
        else {
          args.ipv4 = false;
          args.ipv6 = true;
          for (const k of ['subnet', 'gateway', 'ipRange', 'auxAddresses'] as const) delete args[k];
        }
        break;
      case 'ipv6':
        args.ipv6 = !args.ipv6 || undefined;
        if (!args.ipv6) {
          delete args.ipv6Subnet;
          delete args.ipv6Gateway;
        }
        break;
      case 'ipv6Subnet':
        await editText(
          args,
          'ipv6Subnet',
          l10n.t('IPv6 subnet, e.g. fd00:dead:beef::/48; empty for automatic'),
          undefined,
          (v) => checkSubnet(v, 6, used()),
        );
        break;
      case 'ipv6Gateway':
        if (v6)
          await editText(args, 'ipv6Gateway', l10n.t('Gateway inside {0}', v6.text), undefined, (v) =>
            checkGateway(v, v6),
          );
        break;
      case 'internal':
      case 'attachable':
      case 'ingress':
      case 'configOnly': {
        const flag = picked.id;
        args[flag] = !args[flag] || undefined;
        break;
      }
      case 'scope': {
        const scope = await pickStep({
          title,
          back: true,
          items: [{ label: l10n.t('driver default') }, { label: 'local' }, { label: 'swarm' }, { label: 'global' }],
        });
        if (scope !== BACK) args.scope = scope.label === l10n.t('driver default') ? undefined : scope.label;
        break;
      }
      case 'configFrom': {
        const sources = networks.filter((n) => n.configOnly);
        const choice = await pickStep({
          title,
          back: true,
          placeholder: sources.length
            ? l10n.t('A config-only network to take subnet and options from')
            : l10n.t('This engine has no config-only network yet'),
          items: [
            { label: l10n.t('none') },
            ...sources.map((n) => ({ label: n.name, description: n.ipam.configs.map((c) => c.subnet).join(', ') })),
          ],
        });
        if (choice !== BACK) args.configFrom = choice.label === l10n.t('none') ? undefined : choice.label;
        break;
      }
      case 'options':
        await editDriverOptions(engine, args);
        break;
      case 'ipamDriver':
        await editText(args, 'ipamDriver', l10n.t('IPAM driver; empty for default'), undefined, (v) =>
          /\s/.test(v) ? l10n.t('A driver name has no spaces.') : undefined,
        );
        break;
      case 'ipamOptions':
        await editMap(args, 'ipamOptions', l10n.t('IPAM option as key=value'), (e) => checkKeyValue(e, 'option'));
        break;
      case 'labels':
        await editMap(args, 'labels', l10n.t('Label as key=value'), (e) => checkKeyValue(e, 'label'));
        break;
    }
  }
}

type TextField = 'subnet' | 'gateway' | 'ipRange' | 'ipv6Subnet' | 'ipv6Gateway' | 'ipamDriver';

async function editText(
  args: CreateNetworkArgs,
  field: TextField,
  prompt: string,
  placeholder: string | undefined,
  check: (v: string) => string | undefined,
  required = false,
): Promise<void> {
  const value = await inputStep({
    title: prompt,
    prompt,
    back: true,
    value: args[field] ?? '',
    placeholder,
    validate: (v) => (v.trim() ? check(v) : required ? l10n.t('A value is needed here.') : undefined),
  });
  if (value === BACK) return;
  if (value.trim()) args[field] = value.trim();
  else delete args[field];
}
type MapField = 'auxAddresses' | 'labels' | 'ipamOptions' | 'options';

/** A list of key=value entries: pick one to remove it, or add one. */
async function editMap(
  args: CreateNetworkArgs,
  field: MapField,
  prompt: string,
  check: (entry: string) => string | undefined,
  suggestions: Item[] = [],
): Promise<void> {
  for (;;) {
    const current = args[field] ?? {};
    const add: Item = { id: 'add', label: `$(add) ${l10n.t('Add…')}`, trusted: true };
    const items: Item[] = [
      add,
      ...suggestions.filter((s) => !(s.label in current)),
      ...Object.entries(current).map(([k, v]) => ({
        id: `remove:${k}`,
        label: `$(close) ${plain(`${k}=${v}`)}`,
        description: l10n.t('remove'),
        trusted: true,
      })),
    ];
    const picked = await pickStep({ title: prompt, back: true, items });
    if (picked === BACK) return;
    if (picked.id?.startsWith('remove:')) {
      const copy = { ...current };
      delete copy[picked.id.slice('remove:'.length)];
      args[field] = Object.keys(copy).length ? copy : undefined;
      continue;
    }
    const key = picked.id === 'add' ? '' : picked.label;
    const values = (picked as Item & { values?: string[] }).values;
    let entry: string | typeof BACK;
    if (values?.length) {
      const choice = await pickStep({ title: key, back: true, items: values.map((v) => ({ label: v })) });
      entry = choice === BACK ? BACK : `${key}=${choice.label}`;
    } else {
      entry = await inputStep({ title: prompt, prompt, back: true, value: key ? `${key}=` : '', validate: check });
    }
    if (entry === BACK) continue;
    const [k, v] = splitEntry(entry);
    args[field] = { ...current, [k]: v };
  }
}

async function editDriverOptions(engine: EngineState, args: CreateNetworkArgs): Promise<void> {
  const interfaces = hostInterfaces(engine);
  const suggestions = driverOptions(args.driver ?? 'bridge').map((o) => ({
    label: o.key,
    description: o.hint,
    ...(o.key === 'parent' && interfaces.length
      ? { detail: l10n.t('Interfaces on this machine: {0}', interfaces.join(', ')) }
      : {}),
    ...(o.values ? { values: o.values } : {}),
  }));
  await editMap(args, 'options', l10n.t('Driver option as key=value'), (e) => checkKeyValue(e, 'option'), suggestions);
}

// Edit Network, asked: the network form filled with the network's settings, then, for each
// container whose static address does not fit the new subnet, its new address (one the user
// gives, or a dynamic one); then the preview that the command shows before anything is done.
import { randomBytes } from 'crypto';
import type { CreateNetworkBody } from '../../engine/client';
import { l10n } from '../../util/text';
import { readCidr, suggestIpv6Subnet } from '../../model/cidr';
import { lacksIpv6Pool } from '../../model/createSpec';
import type { RawNetwork } from '../../engine/types';
import {
  applyChanges,
  bodyOf,
  carryOver,
  checkNewIpv4,
  changedSettings,
  duplicateBody,
  Membership,
  NetworkChanges,
  settingsOf,
} from '../../model/recreate';
import { NetworkModel } from '../../model/snapshot';
import { UsedSubnet } from '../../model/validate';
import { EngineState } from '../../store';
import { BACK, inputStep, pickStep } from '../../dialogs/quickInput';
import { Cancelled } from '../prompts';
import { optionsForm } from '../create/optionsForm';

/** What the form changed; throws Cancelled when the user leaves it. */
export async function askChanges(
  engine: EngineState,
  network: NetworkModel,
  before: CreateNetworkBody,
  used: readonly UsedSubnet[],
): Promise<NetworkChanges> {
  const initial = settingsOf(before);
  const args = { name: network.name, driver: network.driver, ...structuredClone(initial) };
  const confirmed = await optionsForm(engine, args, {
    title: l10n.t('Edit {0} on {1}', network.name, engine.name),
    confirm: { label: l10n.t('Review Changes…'), icon: 'diff' },
    edit: { networkId: network.id },
    check: (a) => {
      const changes = changedSettings(initial, a);
      if (!Object.keys(changes).length)
        return [l10n.t('Nothing is changed yet: change a setting below, or press Escape.')];
      const applied = applyChanges(before, changes, used);
      return applied.ok ? [] : applied.errors;
    },
  });
  if (!confirmed) throw new Cancelled();
  return changedSettings(initial, args);
}

/**
 * Duplicate Network, asked: the same form, filled with the copy's settings — the next free subnet
 * of the same size, an IPv6 subnet left to the engine (a free one where it has no IPv6 pool), no
 * Compose project's labels. Returns the changes to make to the original for the copy.
 */
export async function askCopyChanges(
  engine: EngineState,
  network: NetworkModel,
  raw: RawNetwork,
  name: string,
  used: readonly UsedSubnet[],
): Promise<NetworkChanges> {
  const original = settingsOf(bodyOf(raw));
  // The copy's IPv6 subnet is the engine's choice, or, where it has no pool to choose from, a free one.
  const noPool = engine.version && lacksIpv6Pool(engine.version);
  const ipv6Subnet = noPool
    ? suggestIpv6Subnet(
        used.map((u) => u.subnet.text),
        (size) => randomBytes(size),
      )
    : '';
  const proposal = duplicateBody(raw, name, original.ipv6Subnet ? { ipv6Subnet: ipv6Subnet ?? '' } : {}, used);
  const args = {
    name,
    driver: network.driver,
    ...structuredClone(proposal.ok ? settingsOf(proposal.body) : original),
  };
  // The subnet is always the form's: left out, the copy would get another proposal.
  const changesOf = (a: NetworkChanges): NetworkChanges => ({
    ...changedSettings(original, a),
    ...(a.subnet ? { subnet: a.subnet } : {}),
  });
  const confirmed = await optionsForm(engine, args, {
    title: l10n.t('Duplicate {0} as {1} on {2}', network.name, name, engine.name),
    confirm: { label: l10n.t('Create'), icon: 'check' },
    edit: {},
    check: (a) => {
      const built = duplicateBody(raw, name, changesOf(a), used);
      return built.ok ? [] : built.errors;
    },
  });
  if (!confirmed) throw new Cancelled();
  return changesOf(args);
}

/**
 * For each container whose static IPv4 address neither fits the new subnet nor moves into it by
 * its host part: the address it gets, asked. Sets it on the membership; a dynamic one leaves it out.
 */
export async function askAddresses(
  members: Membership[],
  before: CreateNetworkBody,
  after: CreateNetworkBody,
  title: string,
): Promise<void> {
  const v4 = readCidr(after.IPAM?.Config?.find((c) => readCidr(c.Subnet)?.family === 4)?.Subnet);
  if (!v4) return;
  for (const m of members) {
    const carried = carryOver(m.endpoint, before, after, m.newIpv4);
    const old = m.endpoint.ipv4;
    if (!old || !carried.dropped.includes(old)) continue;
    const dynamic = { id: 'dynamic', label: l10n.t('A dynamic address') };
    const choose = { id: 'choose', label: l10n.t('Choose an address in {0}…', v4.text) };
    const picked = await pickStep({
      title,
      placeholder: l10n.t('{0} has {1}, which is not in {2}: what should it get?', m.name, old, v4.text),
      items: [choose, dynamic],
    });
    if (picked === BACK || picked.id === 'dynamic') continue;
    const value = await inputStep({
      title,
      prompt: l10n.t('IPv4 address of {0} in {1}', m.name, v4.text),
      back: true,
      validate: (v) => checkNewIpv4(v, m, members, before, after),
    });
    // Beside its own, which a rollback connects it with again.
    if (value !== BACK) m.newIpv4 = value.trim();
  }
}

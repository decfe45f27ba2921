// The create-network input: name, driver, then Create or More options… (the network form, where
// every option of `docker network create` can be set).
import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { buildCreateBody, CreateNetworkArgs } from '../../model/createSpec';
import { checkNetworkName } from '../../model/validate';
import { EngineState } from '../../store';
import { BACK, inputStep, pickStep } from '../../dialogs/quickInput';
import { optionsForm } from './optionsForm';

type Item = vscode.QuickPickItem & { id?: string; trusted?: boolean };

function drivers(engine: EngineState): string[] {
  // host and null networks exist once per engine; they cannot be created.
  const offered = (engine.version?.networkDrivers ?? ['bridge', 'macvlan', 'ipvlan']).filter(
    (d) => d !== 'host' && d !== 'null',
  );
  return offered.includes('bridge') ? ['bridge', ...offered.filter((d) => d !== 'bridge')] : offered;
}

export async function createWizard(engine: EngineState, title: string): Promise<CreateNetworkArgs> {
  const networks = engine.snapshot?.networks ?? [];
  const names = networks.map((n) => n.name);
  const args: CreateNetworkArgs = { name: '' };
  let step = 1;
  for (;;) {
    if (step === 1) {
      const name = await inputStep({
        title,
        step: 1,
        totalSteps: 3,
        prompt: l10n.t('Name of the new network'),
        value: args.name,
        placeholder: 'my_network',
        validate: (v) => checkNetworkName(v, names),
      });
      if (name === BACK) continue;
      args.name = name;
      step = 2;
    } else if (step === 2) {
      const items = drivers(engine).map((d) => ({ label: d, description: driverHint(d) }));
      const picked = await pickStep({
        title,
        step: 2,
        totalSteps: 3,
        back: true,
        items,
        placeholder: l10n.t('Driver'),
        active: items.find((i) => i.label === (args.driver ?? 'bridge')),
      });
      if (picked === BACK) {
        step = 1;
        continue;
      }
      args.driver = picked.label;
      step = 3;
    } else {
      const create: Item = {
        label: `$(check) ${l10n.t('Create')}`,
        description: l10n.t('{0}, driver {1}', args.name, args.driver ?? 'bridge'),
        id: 'create',
        trusted: true,
      };
      const more: Item = {
        label: `$(settings) ${l10n.t('More options…')}`,
        description: l10n.t('subnet, gateway, IPv6, internal, attachable, labels, options…'),
        id: 'more',
        trusted: true,
      };
      const picked = await pickStep({ title, step: 3, totalSteps: 3, back: true, items: [create, more] });
      if (picked === BACK) {
        step = 2;
        continue;
      }
      if (picked.id === 'create') return tidy(args);
      const done = await optionsForm(engine, args, {
        title: l10n.t('{0}: more options', title),
        confirm: { label: l10n.t('Create'), icon: 'check' },
        check: (a) => {
          const result = buildCreateBody(a, {
            networks,
            drivers: engine.version?.networkDrivers,
            swarmActive: engine.version?.swarm.active,
            apiVersion: engine.version?.apiVersion,
          });
          return result.ok ? [] : result.errors;
        },
      });
      if (done) return tidy(args);
    }
  }
}

function driverHint(driver: string): string {
  switch (driver) {
    case 'bridge':
      return l10n.t('containers on this host, with NAT to the outside');
    case 'overlay':
      return l10n.t('containers on several swarm nodes');
    case 'macvlan':
      return l10n.t('containers with their own MAC on a host interface');
    case 'ipvlan':
      return l10n.t("containers sharing a host interface's MAC");
    default:
      return l10n.t('plugin');
  }
}

/** Drops the driver when it is the default, so the arguments read like the CLI would. */
function tidy(args: CreateNetworkArgs): CreateNetworkArgs {
  if (args.driver === 'bridge') delete args.driver;
  return args;
}

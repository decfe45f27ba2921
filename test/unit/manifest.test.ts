// package.json, the command IDs in code and the translations must agree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Commands, contextFlag, ContextKeys, ContextValues, Views } from '../../src/commands/ids';

const root = path.join(__dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; when: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { scope?: string }> };
    walkthroughs: {
      steps: { id: string; description: string; media: { image: string }; completionEvents: string[] }[];
    }[];
  };
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  main: string;
}

describe('package.json', () => {
  const pkg = read('package.json') as Manifest;
  const nls = read('package.nls.json') as Record<string, string>;
  const nlsJa = read('package.nls.ja.json') as Record<string, string>;

  it('declares exactly the commands the code registers', () => {
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(declared, Object.values(Commands).sort());
  });

  it('gives every command a localized title and the category', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.title, /^%[\w.]+%$/, `${c.command} title goes through package.nls.json`);
      assert.strictEqual(c.category, '%command.category%');
    }
  });

  it('menus only name declared commands', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const entry of entries) assert.ok(declared.has(entry.command), `${menu}: ${entry.command}`);
    }
  });

  it("an engine's driver or scope cannot add a flag that changes a row's menus", () => {
    const tests = Object.values(pkg.contributes.menus)
      .flat()
      .flatMap((e) => [...(e.when ?? '').matchAll(/viewItem =~ \/((?:[^/\\]|\\.)+)\//g)].map((m) => new RegExp(m[1])));
    assert.ok(tests.length > 10, 'the menus were read');
    // A built-in network's row, as networkRow.ts writes it.
    const row = (driver: string, scope: string) =>
      `${ContextValues.network}+builtIn+attached+driver-${contextFlag(driver)}+scope-${contextFlag(scope)}`;
    for (const [driver, scope] of [
      ['x+custom', 'local'],
      ['bridge', 'x+custom+empty'],
      ['+custom', '+config'],
      ['host\\b+custom', 'swarm'],
      ['', ''],
    ])
      for (const test of tests)
        assert.strictEqual(
          test.test(row(driver, scope)),
          test.test(row('other', 'other')),
          `${driver} ${scope} ${test}`,
        );
  });

  it('contributes the view container and the view the code uses', () => {
    assert.strictEqual(pkg.contributes.viewsContainers.activitybar[0].id, Views.container);
    assert.deepStrictEqual(
      pkg.contributes.views[Views.container].map((v) => v.id),
      [Views.networks],
    );
    assert.ok(fs.existsSync(path.join(root, pkg.contributes.viewsContainers.activitybar[0].icon)));
    for (const welcome of pkg.contributes.viewsWelcome) assert.ok(welcome.when.startsWith(ContextKeys.state));
  });

  it('has every %key% in English and Japanese, and no stray keys', () => {
    const used = new Set<string>();
    JSON.stringify(pkg).replace(/"%([\w.]+)%"/g, (_m, key: string) => {
      used.add(key);
      return '';
    });
    for (const key of used) {
      assert.ok(nls[key], `package.nls.json lacks ${key}`);
      assert.ok(nlsJa[key], `package.nls.ja.json lacks ${key}`);
    }
    assert.deepStrictEqual(Object.keys(nls).sort(), [...used].sort());
    assert.deepStrictEqual(Object.keys(nlsJa).sort(), [...used].sort());
  });

  it('keeps settings that choose an engine or how it is reached out of workspace reach', () => {
    const props = pkg.contributes.configuration.properties;
    const engineSettings = [
      'engines',
      'includeDefaultEngine',
      'requestTimeoutSeconds',
      'refreshDebounceMs',
      'pollingIntervalSeconds',
      'sshPath',
      'sshConfigFile',
    ];
    for (const key of engineSettings) {
      const spec = props[`dockerNetworks.${key}`];
      assert.ok(spec, `dockerNetworks.${key} is declared`);
      assert.ok(
        spec.scope === 'machine' || spec.scope === 'application',
        `${key} must be machine or application scoped`,
      );
    }
    for (const [key, spec] of Object.entries(props)) assert.ok(spec.scope, `${key} declares its scope`);
  });

  it('uses @types/vscode no newer than engines.vscode', () => {
    const engine = pkg.engines.vscode
      .replace(/^[\^~]/, '')
      .split('.')
      .map(Number);
    const types = pkg.devDependencies['@types/vscode']
      .replace(/^[\^~]/, '')
      .split('.')
      .map(Number);
    assert.ok(types[0] < engine[0] || (types[0] === engine[0] && types[1] <= engine[1]), `${types} vs ${engine}`);
  });

  it('has a walkthrough whose images ship and whose links and events name real commands and the view', () => {
    const declared = new Set([
      ...pkg.contributes.commands.map((c) => c.command),
      `workbench.view.extension.${Views.container}`,
    ]);
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.deepStrictEqual(
      walkthrough.steps.map((s) => s.id),
      ['engine', 'create', 'connect', 'inspect'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(root, step.media.image)), step.media.image);
      assert.ok(ignore.includes(`!${path.dirname(step.media.image)}/*.png`), `${step.media.image} is in the package`);
      for (const event of step.completionEvents) {
        const [kind, id] = event.split(':');
        assert.ok(kind === 'onView' ? id === Views.networks : declared.has(id), event);
      }
      for (const lang of [nls, nlsJa]) {
        const text = lang[step.description.slice(1, -1)];
        for (const m of text.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(m[1]), `${step.id}: ${m[1]}`);
      }
    }
  });
});

// Compose files in the real VS Code against the private engine and a real Compose (Debian's
// docker-compose, Compose 1.29): the diagnostics, lenses, hovers and quick fixes VS Code gets from
// the extension, after edits and after `up`/`down`; each fix applied, then the engine and the file
// checked. Every file is written into a folder of the test workspace and removed afterwards.
import * as assert from 'assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerNetworksApi } from '../../../src/api';
import { Cleanup, docker, dockerAt, freeSubnets, uniqueName, waitFor } from '../../support/docker';
import { readyApi, setSetting } from '../helpers';

const SOURCE = 'Docker Networks';
/** Hover text with Markdown's escapes taken out, as it reads. */
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

/** Compose 1.29 in `dir`, against the private engine. */
function compose(dir: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker-compose',
      ['--ansi', 'never', ...args],
      { cwd: dir, env: { ...process.env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`docker-compose ${args.join(' ')} failed: ${stderr || err.message}`));
        else resolve(`${stdout}${stderr}`);
      },
    );
  });
}

/** A service that Compose can start and that stays up, on `networks` (a flow list or block lines). */
const sleeper = (name: string, networks: string | string[]) => [
  'services:',
  `  ${name}:`,
  '    image: tiny:latest',
  '    command: ["sleep", "600"]',
  ...(typeof networks === 'string' ? [`    networks: ${networks}`] : ['    networks:', ...networks]),
];

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const codes = (uri: vscode.Uri) =>
  ours(uri)
    .map((d) => String(d.code))
    .sort();

/** A random private /24 that no network of the engine uses now. */
const freeSubnet = async () => `${(await freeSubnets(1))[0]}.0/24`;

describe('Compose files', function () {
  this.timeout(300_000);
  let api: DockerNetworksApi;
  let engine: string;
  const cleanup = new Cleanup();
  const folders: string[] = [];
  const projects: string[] = [];

  before(async () => {
    api = await readyApi();
    engine = api.snapshot().engines[0].name;
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of projects.splice(0)) await compose(p, 'down', '--remove-orphans', '-t', '0').catch(() => undefined);
    for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
    await cleanup.run();
  });

  /** A project folder in the workspace with these files; its name is the project's name. */
  async function project(
    files: Record<string, string>,
  ): Promise<{ dir: string; name: string; uri: (f: string) => vscode.Uri }> {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const name = uniqueName('dncompose').replace(/[^a-z0-9-]/g, '');
    const dir = path.join(root, name);
    folders.push(dir);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      await vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(dir, file)), new TextEncoder().encode(text));
    }
    return { dir, name, uri: (f) => vscode.Uri.file(path.join(dir, f)) };
  }

  /** A project folder with one compose.yaml, started by Compose (and taken down afterwards). */
  async function started(lines: string[]) {
    const p = await project({ 'compose.yaml': [...lines, ''].join('\n') });
    projects.push(p.dir);
    await compose(p.dir, 'up', '-d');
    return p;
  }

  async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  }

  async function actions(uri: vscode.Uri, code: string): Promise<vscode.CodeAction[]> {
    const d = await waitFor(`a ${code} diagnostic`, () => ours(uri).find((x) => x.code === code));
    const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
    );
    // Ours: each fixes a diagnostic of this source (VS Code returns the actions of every provider).
    return all.filter(
      (a) => a.kind?.value === 'quickfix' && (a.command?.command.startsWith('dockerNetworks.') || a.edit),
    );
  }

  const lenses = async (uri: vscode.Uri) =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)).map((l) => ({
      line: l.range.start.line,
      title: l.command?.title ?? '',
      command: l.command?.command ?? '',
    }));

  async function hover(uri: vscode.Uri, needle: string, occurrence = 0): Promise<string> {
    const document = await vscode.workspace.openTextDocument(uri);
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = document.getText().indexOf(needle, at + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      document.positionAt(at + 1),
    );
    return hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
  }

  it("an external network that is missing: diagnosed; created by the fix with the file's options; gone from the problems", async () => {
    const corp = cleanup.network(uniqueName('dn-corp'));
    const subnet = await freeSubnet();
    const p = await project({
      'compose.yaml': [
        ...sleeper('web', '[corp]'),
        'networks:',
        '  corp:',
        '    external: true',
        `    name: ${corp}`,
        '    internal: true',
        '    ipam:',
        '      config:',
        `        - subnet: ${subnet}`,
        '',
      ].join('\n'),
    });
    const uri = p.uri('compose.yaml');
    await open(uri);
    const fixes = await actions(uri, 'external-missing');
    const d = ours(uri).find((x) => x.code === 'external-missing')!;
    assert.strictEqual(d.range.start.line, 6, 'at the network key');
    assert.match(d.message, /declared as external, but could not be found/);
    assert.deepStrictEqual(
      fixes.map((a) => a.title),
      [`Create the network ${corp} on ${engine}`, `Remove external: Compose creates ${corp} itself`],
    );
    const { command, arguments: args } = fixes[0].command!;
    await vscode.commands.executeCommand(command, ...(args ?? []));
    const made = JSON.parse(await docker('network', 'inspect', corp))[0];
    assert.strictEqual(made.Internal, true);
    assert.strictEqual(made.IPAM.Config[0].Subnet, subnet);
    await waitFor('the problem gone', () => !codes(uri).length);
    // Real Compose agrees: the project starts on it. (Compose 1.29 takes no other settings beside
    // `external`; they only told the fix how to create it.)
    const editor = await open(uri);
    await editor.edit((b) =>
      b.replace(
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        [...sleeper('web', `[${corp}]`), 'networks:', `  ${corp}:`, '    external: true', ''].join('\n'),
      ),
    );
    await editor.document.save();
    projects.push(p.dir);
    await compose(p.dir, 'up', '-d');
    await waitFor('the lens counting the container', async () =>
      (await lenses(uri)).find((l) => l.title.includes(`${corp} on ${engine}`) && /1 container/.test(l.title)),
    );
  });

  it('removing external by the fix leaves the file for Compose to create the network', async () => {
    const p = await project({
      'compose.yaml': 'networks:\n  corp:\n    external: true # made elsewhere\n    driver: bridge\n',
    });
    const uri = p.uri('compose.yaml');
    await open(uri);
    const fix = (await actions(uri, 'external-missing')).find((a) => a.title.startsWith('Remove external'))!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(document.getText(), 'networks:\n  corp:\n    driver: bridge\n');
    await waitFor('the problem gone after the edit', () => !codes(uri).length);
    await waitFor('the lens saying Compose creates it', async () =>
      (await lenses(uri)).find((l) => l.title.includes(`Compose creates ${p.name}_corp`)),
    );
    await document.save();
  });

  it('a subnet that overlaps another network: named; the fix puts a free one in; Compose then starts', async () => {
    const taken = cleanup.network(uniqueName('dn-taken'));
    const subnet = await freeSubnet();
    await docker('network', 'create', '--subnet', subnet, taken);
    const p = await project({
      'compose.yaml': [
        ...sleeper('app', '[back]'),
        'networks:',
        '  back:',
        '    ipam:',
        '      config:',
        `        - subnet: "${subnet}"`,
        '',
      ].join('\n'),
    });
    const uri = p.uri('compose.yaml');
    await open(uri);
    const [fix] = await actions(uri, 'subnet-overlap');
    const d = ours(uri).find((x) => x.code === 'subnet-overlap')!;
    assert.ok(d.message.includes(taken), d.message);
    assert.strictEqual(d.range.start.line, 9);
    const free = /Use the free subnet (\S+)/.exec(fix.title)![1];
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(document.getText().includes(`- subnet: "${free}"`), document.getText());
    await waitFor('the problem gone', () => !codes(uri).length);
    await document.save();
    projects.push(p.dir);
    await compose(p.dir, 'up', '-d');
    const made = JSON.parse(await docker('network', 'inspect', `${p.name}_back`))[0];
    assert.strictEqual(made.IPAM.Config[0].Subnet, free);
  });

  it("drift after up: the differences listed, as Compose refuses; lens and hover show the engine's network; down clears it", async () => {
    const p = await started([
      ...sleeper('app', ['      back:', '        aliases: [api]']),
      'networks:',
      '  back:',
      '    labels: [team=shop]',
    ]);
    const uri = p.uri('compose.yaml');
    const editor = await open(uri);
    const network = `${p.name}_back`;
    const lens = await waitFor('the lens of the network on the engine', async () =>
      (await lenses(uri)).find(
        (l) => l.title.startsWith(`$(check) ${network} on ${engine}`) && /1 container/.test(l.title),
      ),
    );
    assert.strictEqual(lens.line, 8);
    assert.strictEqual(lens.command, 'dockerNetworks.inspectNetwork');
    const titles = (await lenses(uri)).map((l) => l.title);
    assert.ok(titles.includes('Reveal in Tree'), titles.join(' | '));
    const onEntry = await hover(uri, 'back:', 0);
    assert.ok(unescape(onEntry).includes(network), onEntry);
    assert.ok(onEntry.includes('this project'), onEntry);
    assert.match(onEntry, /command:dockerNetworks\.inspectNetwork\?/);
    assert.match(onEntry, /command:dockerNetworks\.revealInTree\?/);
    assert.deepStrictEqual(codes(uri), []);

    // An edit (not saved) that Compose would refuse: the problem appears while typing.
    const text = editor.document
      .getText()
      .replace('    labels: [team=shop]\n', '    internal: true\n    labels: [team=shop]\n');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), text));
    const drift = await waitFor('a drift diagnostic', () => ours(uri).find((d) => d.code === 'drift'));
    assert.match(drift.message, /internal: true in the file, false on the engine/);
    await editor.document.save();
    await assert.rejects(compose(p.dir, 'up', '-d'), /needs to be recreated/);

    // The fix: recreated as the file says, the container connected again with its alias.
    const [fix] = await actions(uri, 'drift');
    assert.strictEqual(fix.title, `Recreate ${network} as the file says, and connect its 1 containers again…`);
    const [fixArgs] = fix.command!.arguments as [Record<string, unknown>];
    const result = await vscode.commands.executeCommand<{ rolledBack: boolean; reconnected: { container: string }[] }>(
      fix.command!.command,
      { ...fixArgs, confirm: false },
    );
    assert.strictEqual(result.rolledBack, false);
    assert.deepStrictEqual(
      result.reconnected.map((r) => r.container),
      [`${p.name}_app_1`],
    );
    const [recreated] = JSON.parse(await docker('network', 'inspect', network));
    assert.strictEqual(recreated.Internal, true);
    assert.strictEqual(recreated.Labels['com.docker.compose.project'], p.name);
    assert.strictEqual(recreated.Labels.team, 'shop');
    const [app] = JSON.parse(await docker('inspect', `${p.name}_app_1`));
    assert.ok(app.NetworkSettings.Networks[network].Aliases.includes('api'));
    await waitFor('no drift after the recreate', () => !codes(uri).length);
    await compose(p.dir, 'up', '-d');

    await compose(p.dir, 'down', '-t', '0');
    await waitFor('no drift once the network is gone', () => !codes(uri).length);
    await waitFor('the lens saying Compose creates it', async () =>
      (await lenses(uri)).find((l) => l.title.includes(`Compose creates ${network}`)),
    );
  });

  it("Insert into Compose File: the network declared and the container's service put on it, comments kept; Compose starts it there", async () => {
    const corp = cleanup.network(uniqueName('dn-insert'));
    await docker('network', 'create', corp);
    const p = await started([
      '# the shop',
      ...sleeper('web', ['      - back # the backend']),
      'networks:',
      '  back: {}',
    ]);
    await waitFor('the container in the model', () =>
      api.snapshot().engines[0].networks.some((n) => n.name === `${p.name}_back` && n.endpoints.length === 1),
    );
    const result = await vscode.commands.executeCommand<{ file: string; key: string; service: string }>(
      'dockerNetworks.insertIntoComposeFile',
      { network: corp, container: `${p.name}_web_1`, file: `${p.name}/compose.yaml` },
    );
    assert.deepStrictEqual(result, { file: p.uri('compose.yaml').fsPath, key: corp, service: 'web' });
    const document = await vscode.workspace.openTextDocument(p.uri('compose.yaml'));
    assert.strictEqual(
      document.getText(),
      [
        '# the shop',
        ...sleeper('web', ['      - back # the backend', `      - ${corp}`]),
        'networks:',
        '  back: {}',
        `  "${corp}":`,
        `    name: "${corp}"`,
        '    external: true',
        '',
      ].join('\n'),
    );
    // A file that is not one of the workspace's Compose files is refused.
    await assert.rejects(
      async () =>
        vscode.commands.executeCommand('dockerNetworks.insertIntoComposeFile', {
          network: corp,
          file: 'nowhere/compose.yaml',
        }),
      /not a Compose file of this workspace/,
    );
    await document.save();
    await compose(p.dir, 'config', '-q');
    await compose(p.dir, 'up', '-d');
    const [web] = JSON.parse(await docker('inspect', `${p.name}_web_1`));
    assert.ok(web.NetworkSettings.Networks[corp], 'the service is on the inserted network');
    await waitFor('no problem in the file', () => !codes(p.uri('compose.yaml')).length);
  });

  it("checks a folder's files against the engine dockerNetworks.compose.engine names", async () => {
    const host = process.env.DN_SWARM_HOST;
    assert.ok(host, 'the second engine is running (scripts/test.sh sets DN_SWARM_HOST)');
    const elsewhere = uniqueName('dn-elsewhere');
    await dockerAt(host, 'network', 'create', elsewhere);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const config = () => vscode.workspace.getConfiguration('dockerNetworks', folder);
    try {
      await setSetting('engines', [{ name: 'second', host }]);
      const p = await project({
        'compose.yaml': ['networks:', '  shared:', '    external: true', `    name: ${elsewhere}`, ''].join('\n'),
      });
      const uri = p.uri('compose.yaml');
      await open(uri);
      await waitFor('missing on the first engine', () => codes(uri).includes('external-missing'));
      await config().update('compose.engine', 'second', vscode.ConfigurationTarget.WorkspaceFolder);
      await waitFor('found on the second engine', async () => {
        const titles = (await lenses(uri)).map((l) => l.title);
        return !codes(uri).length && titles.some((t) => t.startsWith(`$(check) ${elsewhere} on second`));
      });
      await config().update('compose.engine', 'nope', vscode.ConfigurationTarget.WorkspaceFolder);
      await waitFor('an engine that does not exist, said so', async () =>
        (await lenses(uri)).some((l) => l.title.includes('There is no engine named "nope"')),
      );
    } finally {
      await config().update('compose.engine', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await setSetting('engines', undefined);
      await dockerAt(host, 'network', 'rm', elsewhere).catch(() => undefined);
    }
  });

  it('rules on the file alone: internal networks behind ports, undeclared networks, network_mode with networks', async () => {
    const p = await project({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: tiny:latest',
        '    ports: ["8080:80"]',
        '    networks: [private]',
        '  api:',
        '    image: tiny:latest',
        '    networks: [nowhere]',
        '  side:',
        '    image: tiny:latest',
        '    network_mode: host',
        '    networks: [private]',
        'networks:',
        '  private:',
        '    internal: true',
        '',
      ].join('\n'),
    });
    const uri = p.uri('compose.yaml');
    await open(uri);
    await waitFor('three problems', () => codes(uri).length === 3);
    const byCode = Object.fromEntries(ours(uri).map((d) => [String(d.code), d]));
    assert.deepStrictEqual(Object.keys(byCode).sort(), [
      'network-mode-with-networks',
      'ports-internal',
      'undeclared-network',
    ]);
    assert.strictEqual(byCode['ports-internal'].range.start.line, 3);
    assert.strictEqual(byCode['ports-internal'].severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(byCode['undeclared-network'].range.start.line, 7);
    assert.strictEqual(byCode['network-mode-with-networks'].range.start.line, 10);
  });

  it('a file that does not parse: one problem at the error, nothing else', async () => {
    const p = await project({ 'compose.yaml': 'networks:\n  a: [\n  b:\n    external: true\n' });
    const uri = p.uri('compose.yaml');
    await open(uri);
    await waitFor('one problem', () => ours(uri).length === 1);
    assert.strictEqual(ours(uri)[0].severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(await lenses(uri), []);
  });

  it('COMPOSE_FILE, include: and ${VAR:-default} from the .env beside the files', async () => {
    const taken = cleanup.network(uniqueName('dn-taken'));
    const subnet = await freeSubnet();
    await docker('network', 'create', '--subnet', subnet, taken);
    const p = await project({
      '.env': `COMPOSE_FILE=base.yml:extra.yml\nBACK_SUBNET=${subnet}\n`,
      'base.yml': [
        'include:',
        '  - db/compose.yaml',
        'networks:',
        '  back:',
        '    ipam:',
        '      config:',
        '        - subnet: ${BACK_SUBNET:-10.1.0.0/24}',
        '',
      ].join('\n'),
      'extra.yml': 'services:\n  web:\n    image: tiny:latest\n    networks: [back, shared]\n',
      'db/compose.yaml': 'networks:\n  shared: {}\n',
    });
    const base = p.uri('base.yml');
    const extra = p.uri('extra.yml');
    await open(extra);
    await open(base);
    const overlap = await waitFor('the interpolated subnet found to overlap', () =>
      ours(base).find((d) => d.code === 'subnet-overlap'),
    );
    assert.ok(overlap.message.includes(subnet) && overlap.message.includes(taken), overlap.message);
    assert.strictEqual(overlap.range.start.line, 6);
    // extra.yml uses base.yml's `back` and the included `shared`: nothing undeclared.
    assert.deepStrictEqual(codes(extra), []);
    const shared = await hover(extra, 'shared');
    assert.ok(unescape(shared).includes(`${p.name}_shared`), shared);
    // The interpolated subnet has no quick fix that would overwrite the variable.
    assert.deepStrictEqual(
      (await actions(base, 'subnet-overlap')).map((a) => a.title),
      [],
    );
  });
});

import * as assert from 'assert';
import { EngineEndpoint } from '../../src/engine/endpoint';
import { resolveEngines } from '../../src/engine/settings';

const defaultEndpoint = (): EngineEndpoint => ({
  name: 'default',
  host: 'unix:///var/run/docker.sock',
  source: 'default',
});

describe('engines from settings', () => {
  it('shows the default engine first, then the configured ones', () => {
    const list = resolveEngines(
      [
        { name: 'podman', host: 'unix:///run/podman/podman.sock' },
        {
          name: 'prod',
          host: 'tcp://prod:2376',
          tlsCaFile: '/c/ca.pem',
          tlsCertFile: '/c/cert.pem',
          tlsKeyFile: '/c/key.pem',
        },
        { name: 'build', host: 'ssh://me@build', sshIdentityFile: '/home/me/.ssh/id_ed25519' },
      ],
      defaultEndpoint(),
      true,
    );
    assert.deepStrictEqual(
      list.map((e) => e.name),
      ['default', 'podman', 'prod', 'build'],
    );
    assert.deepStrictEqual(list[2].tls, {
      verify: true,
      caFile: '/c/ca.pem',
      certFile: '/c/cert.pem',
      keyFile: '/c/key.pem',
    });
    assert.deepStrictEqual(list[3].ssh, { identityFile: '/home/me/.ssh/id_ed25519' });
  });

  it('leaves the default out when asked, or when a setting already names its address', () => {
    assert.deepStrictEqual(
      resolveEngines([{ name: 'a', host: 'tcp://a:2375' }], defaultEndpoint(), false).map((e) => e.name),
      ['a'],
    );
    assert.deepStrictEqual(
      resolveEngines([{ name: 'local', host: 'unix:///var/run/docker.sock' }], defaultEndpoint(), true).map(
        (e) => e.name,
      ),
      ['local'],
    );
  });

  it('turns a broken entry into an engine with the problem, not into nothing', () => {
    const list = resolveEngines(
      [{ name: 'nohost' }, { name: 'ftp', host: 'ftp://x' }, 'oops', { host: 'tcp://x:1' }],
      defaultEndpoint(),
      false,
    );
    assert.deepStrictEqual(
      list.map((e) => e.name),
      ['nohost', 'ftp', 'engine #3', 'engine #4'],
    );
    assert.match(list[0].problem!.message, /has no "host"/);
    assert.match(list[1].problem!.message, /not an engine address/);
    assert.match(list[2].problem!.message, /must be an object/);
    assert.strictEqual(list[3].problem, undefined);
    const [secret] = resolveEngines([{ name: 'ci', host: 'ssh://me:s3cr3t@ci.example' }], defaultEndpoint(), false);
    assert.strictEqual(secret.host, 'ssh://me@ci.example', 'the password is nowhere to be shown');
    assert.match(secret.problem!.message, /"ci" holds a password/);
  });

  it('makes names unique', () => {
    const list = resolveEngines(
      [
        { name: 'x', host: 'tcp://a:1' },
        { name: 'x', host: 'tcp://b:1' },
        { name: 'default', host: 'tcp://c:1' },
      ],
      defaultEndpoint(),
      true,
    );
    assert.deepStrictEqual(
      list.map((e) => e.name),
      ['default', 'x', 'x (2)', 'default (2)'],
    );
  });

  it('ignores a setting that is not a list', () => {
    assert.deepStrictEqual(
      resolveEngines({ name: 'x' }, defaultEndpoint(), true).map((e) => e.name),
      ['default'],
    );
  });
});

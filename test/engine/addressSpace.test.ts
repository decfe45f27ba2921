// The address space against a real engine that runs out: one of its own, started with a default
// pool of 16 subnets and filled with networks made without a subnet until two are left. What the
// view says still fits is what the engine then gives: two more networks, and the next create fails
// for want of a pool, as the warning said it would.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import { isEngineError } from '../../src/engine/errors';
import { NetworkStore } from '../../src/store';
import { dockerAt, waitFor } from '../support/docker';

const root = path.resolve(__dirname, '..', '..', '..');
const POOL = '10.99.240.0/24';

/** scripts/engine.sh, which may take a while on a busy machine (dockerd starting, an image imported). */
function engineScript(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [path.join(root, 'scripts', 'engine.sh'), ...args], { timeout: 240_000 }, (err, out, errOut) =>
      err ? reject(new Error(`engine.sh ${args.join(' ')} failed: ${errOut || err.message}`)) : resolve(out),
    );
  });
}

describe('the address space of an engine whose pool runs out', function () {
  this.timeout(300_000);
  let dir: string | undefined;
  let host = '';
  let store: NetworkStore | undefined;

  before(async () => {
    const out = await engineScript('start', `--pool=base=${POOL},size=28`);
    dir = /export DN_ENGINE_DIR=(\S+)/.exec(out)?.[1];
    host = /export DOCKER_HOST=(\S+)/.exec(out)?.[1] ?? '';
    assert.ok(dir && host, out);
  });
  after(async () => {
    store?.dispose();
    // Its networks go with it: the script removes their bridges and the engine's folder.
    if (dir) await engineScript('stop', dir);
  });

  it('counts what is left as the engine does, warns before the end, and the engine agrees', async () => {
    const client = new EngineClient({ name: 'tiny', host, source: 'env' });
    store = new NetworkStore([client], { debounceMs: 50 });
    store.start();
    const s = store;
    await waitFor('the engine read', () => s.engines[0].status === 'ready');
    const first = (await s.addressSpace('tiny'))!;
    assert.strictEqual(first.fromEngine, true, 'the pool comes from /info');
    assert.strictEqual(first.pools.length, 1);
    assert.deepStrictEqual(
      { base: first.pools[0].base, size: first.pools[0].size, total: first.pools[0].total },
      { base: POOL, size: 28, total: 16 },
    );
    assert.strictEqual(first.routesChecked, true, 'a local engine: the host routes are read');
    // The default bridge may have taken a subnet of the pool (when this engine made docker0).
    const taken = first.pools[0].used;
    const names = Array.from({ length: 16 - 2 - taken }, (_, i) => `dn-pool-${i}`);
    for (const n of names) await dockerAt(host, 'network', 'create', n);
    await waitFor('the networks read', () =>
      names.every((n) => s.engines[0].snapshot?.networks.some((x) => x.name === n)),
    );

    const nearly = (await s.addressSpace('tiny'))!;
    assert.strictEqual(nearly.fitsLeft, 2);
    assert.strictEqual(nearly.pools[0].used, 14);
    assert.match(nearly.warning ?? '', /Only 2 more networks fit/);
    const listed = nearly.pools[0].networks;
    for (const n of names)
      assert.ok(
        listed.some((x) => x.name === n && x.prunable && x.containers === 0),
        n,
      );
    // Each network's route is on its own bridge: not an overlap with the host's routes.
    assert.deepStrictEqual(
      nearly.hostOverlaps.filter((o) => names.includes(o.network)),
      [],
    );
    assert.ok(nearly.config.text.includes(`"base": "${POOL}"`) && nearly.config.file === 'daemon.json');

    // What the view said: two more fit, then the engine has no pool left.
    await dockerAt(host, 'network', 'create', 'dn-pool-last-1');
    await dockerAt(host, 'network', 'create', 'dn-pool-last-2');
    await assert.rejects(
      client.createNetwork({ Name: 'dn-pool-one-too-many', CheckDuplicate: true }),
      (e: unknown) => isEngineError(e) && e.kind === 'poolExhausted',
    );
    await waitFor('the last networks read', () =>
      s.engines[0].snapshot?.networks.some((x) => x.name === 'dn-pool-last-2'),
    );
    const full = (await s.addressSpace('tiny'))!;
    assert.strictEqual(full.fitsLeft, 0);
    assert.match(full.warning ?? '', /used up/);
  });
});

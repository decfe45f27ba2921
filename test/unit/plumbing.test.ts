// A bridge network's plumbing read from a sysfs laid out in a temporary folder, as the kernel lays
// out /sys/class/net: a bridge with its ports under brif/, each port's master link, and a
// container's namespace under /proc/<pid>/root. The real engine's plumbing is tested in
// test/engine; here the host changes between two reads, which no engine does on cue.
import * as assert from 'assert';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LinkReader, PlumbingInput, PlumbingRoots, readPlumbing } from '../../src/engine/plumbing';

const NETWORK_ID = 'f'.repeat(64);
const BRIDGE = `br-${NETWORK_ID.slice(0, 12)}`;
const MAC = '02:42:0a:fa:00:02';

/** One interface's directory: the attributes the reader takes, and `master` as a link to the bridge. */
function iface(
  classNet: string,
  name: string,
  attrs: { index: number; iflink: number; mac?: string; master?: string },
) {
  const dir = join(classNet, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ifindex'), `${attrs.index}\n`);
  writeFileSync(join(dir, 'iflink'), `${attrs.iflink}\n`);
  writeFileSync(join(dir, 'operstate'), 'up\n');
  writeFileSync(join(dir, 'mtu'), '1500\n');
  writeFileSync(join(dir, 'address'), `${attrs.mac ?? '02:00:00:00:00:00'}\n`);
  if (attrs.master) {
    symlinkSync(`../${attrs.master}`, join(dir, 'master'));
    mkdirSync(join(classNet, attrs.master, 'brif'), { recursive: true });
    writeFileSync(join(classNet, attrs.master, 'brif', name), '');
  }
}

describe('host plumbing when the host changes between reads', () => {
  let root: string;
  let classNet: string;
  /** Runs when the reader looks into an interface's directory (each look's first step). */
  let onLook: ((dir: string) => void) | undefined;
  let roots: PlumbingRoots;
  const input: PlumbingInput = {
    host: 'unix:///var/run/docker.sock',
    network: { id: NETWORK_ID, name: 'n', driver: 'bridge', options: {} },
    endpoints: [{ containerId: 'c1', mac: MAC, pid: 4242, running: true }],
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dn-sysfs-'));
    classNet = join(root, 'sys/class/net');
    iface(classNet, BRIDGE, { index: 10, iflink: 10 });
    // The container's eth0 (index 5 in its namespace) is paired with the host's index 20.
    iface(classNet, 'vethA', { index: 20, iflink: 5, master: BRIDGE });
    iface(join(root, 'proc/4242/root/sys/class/net'), 'eth0', { index: 5, iflink: 20, mac: MAC });
    onLook = undefined;
    roots = {
      sys: join(root, 'sys'),
      proc: join(root, 'proc'),
      addresses: async () => ['10.250.0.1/24'],
      isSysfs: async (dir) => {
        onLook?.(dir);
        return true;
      },
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** `change` happens once, when the host's port vethA is first read in full (after the ports were listed). */
  const onPortLook = (change: () => void) => {
    onLook = (dir) => {
      if (!dir.endsWith('/sys/class/net/vethA') || dir.includes('/proc/')) return;
      onLook = undefined;
      change();
    };
  };

  it('finds the host end of the pair among the bridge ports, and its bridge', async () => {
    const result = await readPlumbing(input, new LinkReader(roots));
    assert.ok(result.available);
    assert.deepStrictEqual(result.plumbing.bridge, {
      name: BRIDGE,
      state: 'up',
      mtu: 1500,
      mac: '02:00:00:00:00:00',
      addresses: ['10.250.0.1/24'],
    });
    assert.deepStrictEqual(result.plumbing.endpoints, [
      { containerId: 'c1', ifName: 'eth0', hostPeer: 'vethA', master: BRIDGE },
    ]);
  });

  it('a port renamed after the ports were listed: the pair is found by its index, not by the old name', async () => {
    // The ports are listed by index first (vethA is 20); before vethA is read in full, it is
    // renamed vethB and another interface takes the name vethA with an index of its own.
    onPortLook(() => {
      renameSync(join(classNet, 'vethA'), join(classNet, 'vethB'));
      rmSync(join(classNet, BRIDGE, 'brif', 'vethA'));
      writeFileSync(join(classNet, BRIDGE, 'brif', 'vethB'), '');
      iface(classNet, 'vethA', { index: 21, iflink: 9, master: BRIDGE });
    });
    const result = await readPlumbing(input, new LinkReader(roots));
    assert.ok(result.available);
    assert.strictEqual(onLook, undefined, 'the port was read in full after the ports were listed');
    assert.deepStrictEqual(result.plumbing.endpoints, [
      { containerId: 'c1', ifName: 'eth0', hostPeer: 'vethB', master: BRIDGE },
    ]);
  });

  it('a port gone after the ports were listed, its index nowhere: no host end rather than a wrong one', async () => {
    onPortLook(() => {
      rmSync(join(classNet, 'vethA'), { recursive: true });
      rmSync(join(classNet, BRIDGE, 'brif', 'vethA'));
      iface(classNet, 'vethA', { index: 21, iflink: 9, master: BRIDGE });
    });
    const result = await readPlumbing(input, new LinkReader(roots));
    assert.ok(result.available);
    assert.deepStrictEqual(result.plumbing.endpoints, [{ containerId: 'c1', ifName: 'eth0' }]);
  });
});

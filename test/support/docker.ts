// Test helpers around the private engine: the docker CLI (the way a user would act), unique names,
// and cleanup of everything a test made, even when it fails. Used by the engine and host layers.
import { execFile } from 'child_process';
import { EngineEndpoint } from '../../src/engine/endpoint';

/** The private engine the test script started. Tests never fall back to the user's engine. */
export function privateEngine(): EngineEndpoint {
  const host = process.env.DOCKER_HOST;
  if (!host || !process.env.DN_ENGINE_DIR || !host.includes(process.env.DN_ENGINE_DIR)) {
    throw new Error(
      'These tests need the private engine: run them with `bash scripts/test.sh` (it starts one and sets DOCKER_HOST and DN_ENGINE_DIR).',
    );
  }
  return { name: 'test', host, source: 'env' };
}

/** The second private engine, in swarm mode (scripts/test.sh starts it). */
export function swarmEngine(): EngineEndpoint {
  const host = process.env.DN_SWARM_HOST;
  if (!host)
    throw new Error('These tests need the swarm engine: run them with `bash scripts/test.sh` (it sets DN_SWARM_HOST).');
  return { name: 'swarm', host, source: 'env' };
}

/** The docker CLI against the private engine (or `host`), as a user would type it. */
export function docker(...args: string[]): Promise<string> {
  return dockerAt(process.env.DOCKER_HOST ?? '', ...args);
}

export function dockerAt(host: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker',
      args,
      { env: { ...process.env, DOCKER_HOST: host }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`docker ${args.join(' ')} failed: ${stderr || err.message}`));
        else resolve(stdout.trim());
      },
    );
  });
}

/** Runs a command (ip, for veth pairs) and resolves with its output. */
export function run(command: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

/**
 * `n` random /24 prefixes of 10.200–249.x (`10.217.4`, to be written `${p}.0/24` or `${p}.10`)
 * that no network of the private engine uses now.
 */
export async function freeSubnets(n: number): Promise<string[]> {
  const used = await docker(
    'network',
    'inspect',
    '--format',
    '{{range .IPAM.Config}}{{.Subnet}} {{end}}',
    ...(await docker('network', 'ls', '-q')).split('\n'),
  );
  const out: string[] = [];
  while (out.length < n) {
    const c = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
    if (!used.includes(`${c}.0/24`) && !out.includes(c)) out.push(c);
  }
  return out;
}

let counter = 0;
/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** Collects what a test made and removes it afterwards: services, containers, networks, links. */
export class Cleanup {
  private containers: string[] = [];
  private networks: string[] = [];
  private services: string[] = [];
  private links: string[] = [];

  /** `host`: the engine these objects live on (default: the private engine). */
  constructor(private readonly host = process.env.DOCKER_HOST ?? '') {}

  service(name: string): string {
    this.services.push(name);
    return name;
  }

  /** A host network interface (a veth end) to delete. */
  link(name: string): string {
    this.links.push(name);
    return name;
  }

  container(name: string): string {
    this.containers.push(name);
    return name;
  }

  network(name: string): string {
    this.networks.push(name);
    return name;
  }

  async run(): Promise<void> {
    const services = this.services.splice(0);
    const containers = this.containers.splice(0);
    const networks = this.networks.splice(0);
    const links = this.links.splice(0);
    if (services.length) await dockerAt(this.host, 'service', 'rm', ...services).catch(() => undefined);
    if (containers.length) await dockerAt(this.host, 'rm', '-f', '--', ...containers).catch(() => undefined);
    for (const n of networks.reverse()) {
      // A service's tasks leave the network a moment after the service is removed.
      for (let attempt = 0; attempt < 20; attempt++) {
        const removed = await dockerAt(this.host, 'network', 'rm', '--', n).then(
          () => true,
          (e: Error) => /No such network|not found/i.test(e.message),
        );
        if (removed) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    for (const l of links) await run('ip', 'link', 'del', l).catch(() => undefined);
  }
}

/**
 * A functional test waits for the state it needs, never for a deadline that measures speed: a
 * busy machine (CI beside other jobs, a laptop compiling) may take seconds for what takes
 * milliseconds on a quiet one. Latency is the benchmark's business (bench/).
 */
export const MIN_WAIT_MS = 10_000;
export const DEFAULT_WAIT_MS = 20_000;

/**
 * Resolves when `check` returns a truthy value; rejects with `what` after `timeoutMs`, which is at
 * least MIN_WAIT_MS (a shorter limit would turn the test into a latency assertion).
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = DEFAULT_WAIT_MS,
  stepMs = 20,
): Promise<T> {
  if (timeoutMs < MIN_WAIT_MS)
    throw new Error(`waitFor(${what}): a limit of ${timeoutMs} ms asserts a latency; wait at least ${MIN_WAIT_MS} ms`);
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * Settles (with what it settled with) or fails after `ms`: for "never hangs", where the limit is
 * generous (at least MIN_WAIT_MS) and says nothing about speed.
 */
export async function settles<T>(
  what: string,
  promise: Thenable<T>,
  ms = DEFAULT_WAIT_MS,
): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  if (ms < MIN_WAIT_MS)
    throw new Error(`settles(${what}): a limit of ${ms} ms asserts a latency; allow at least ${MIN_WAIT_MS} ms`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([
      Promise.resolve(promise).then(
        (value) => ({ ok: true as const, value }),
        (error: Error) => ({ ok: false as const, error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a container on `network` that (with CAP_SYS_ADMIN) mounts a tmpfs over its own
 * /sys/class/net and plants what a hostile one could: a FIFO, a link to /dev/zero, a 32 MiB file
 * and a link to the host's /etc where interface files would be. Resolves once they are there.
 */
export async function runPlantedContainer(name: string, network: string): Promise<void> {
  const plant = [
    'busybox mount -t tmpfs tmpfs /sys/class/net',
    'busybox mkdir /sys/class/net/eth0',
    'busybox mkfifo /sys/class/net/eth0/ifindex',
    'busybox ln -s /dev/zero /sys/class/net/eth0/iflink',
    'busybox dd if=/dev/zero of=/sys/class/net/eth0/address bs=1048576 count=32 2>/dev/null',
    'busybox ln -s /etc /sys/class/net/eth1',
    'echo planted > /tmp/ready',
    'exec sleep 300',
  ].join(' && ');
  await docker(
    'run',
    '-d',
    '--name',
    name,
    '--cap-add',
    'SYS_ADMIN',
    '--network',
    network,
    'tiny:latest',
    'sh',
    '-c',
    plant,
  );
  await waitFor('the planted files', () =>
    docker('exec', name, 'cat', '/tmp/ready').then(
      (t) => t === 'planted',
      () => false,
    ),
  );
}

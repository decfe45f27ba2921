// Test helpers around the private engine: the docker CLI (the way a user would act), unique names,
// and cleanup of everything a test made, even when it fails. Used by the engine and host layers.
import { execFile } from 'child_process';
import { EngineEndpoint } from '../../src/engine/endpoint';

/** The private engine the test script started. Tests never fall back to the user's engine. */
export function privateEngine(): EngineEndpoint {
  const host = process.env.DOCKER_HOST;
  if (!host || !process.env.DN_ENGINE_DIR || !host.includes(process.env.DN_ENGINE_DIR)) {
    throw new Error('These tests need the private engine: run them with `bash scripts/test.sh` (it starts one and sets DOCKER_HOST and DN_ENGINE_DIR).');
  }
  return { name: 'test', host, source: 'env' };
}

export function docker(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { env: process.env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

let counter = 0;
/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** Collects what a test made and removes it afterwards, containers before networks. */
export class Cleanup {
  private containers: string[] = [];
  private networks: string[] = [];

  container(name: string): string {
    this.containers.push(name);
    return name;
  }

  network(name: string): string {
    this.networks.push(name);
    return name;
  }

  async run(): Promise<void> {
    const containers = this.containers.splice(0);
    const networks = this.networks.splice(0);
    if (containers.length) await docker('rm', '-f', ...containers).catch(() => undefined);
    for (const n of networks.reverse()) await docker('network', 'rm', n).catch(() => undefined);
  }
}

/** Resolves when `check` returns a truthy value; rejects with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

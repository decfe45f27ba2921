// How the client reaches an engine: dockerode options from an endpoint (reading TLS files), and one
// request through dockerode's modem, which owns the unix and TCP+TLS transports; ssh:// goes
// through an agent whose connections are OpenSSH sessions (ssh.ts).
import Docker from 'dockerode';
import * as fs from 'fs';
import * as https from 'https';
import { inspect } from 'util';
import { l10n } from '../util/text';
import { EngineEndpoint } from './endpoint';
import { EngineError } from './errors';
import type { SshTransport } from './ssh';

/**
 * What docker-modem reads from the environment when it is made and lays under the options it is
 * given: a DOCKER_HOST there even wins over `socketPath`, so an engine configured as a local socket
 * would be read (and pruned) wherever DOCKER_HOST points, and DOCKER_CERT_PATH's files would be
 * read for every engine. Each engine is exactly its endpoint: the modem is made with these absent.
 * The default engine still follows them, because resolveDefaultEndpoint put them into its endpoint.
 */
export const MODEM_ENVIRONMENT = [
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_CLIENT_TIMEOUT',
  'DOCKER_PATH_PREFIX',
] as const;

/** dockerode for exactly this endpoint, whatever the process's environment says. */
export function createDocker(endpoint: EngineEndpoint, ssh?: SshTransport): Docker {
  const options = dockerodeOptions(endpoint, ssh);
  const saved = MODEM_ENVIRONMENT.map((k) => [k, process.env[k]] as const);
  // Synchronous: nothing else runs while the variables are away.
  for (const [k] of saved) delete process.env[k];
  let docker: Docker;
  try {
    docker = new Docker(options);
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
  }
  if (endpoint.tls) verifyEachRequest(docker, endpoint.tls.verify !== false);
  return docker;
}

/**
 * Says on each request, not only on the engine's agent, whether the engine's certificate is
 * verified. In VS Code (`http.proxySupport` "override", its default) the proxy layer gives every
 * request to a host other than localhost and 127.0.0.1 an agent of its own, and what ours said is
 * lost: an engine set not to verify (a self-signed certificate) failed as if it were. docker-modem
 * copies the key, certificate and CA to the request, not this.
 */
function verifyEachRequest(docker: Docker, verify: boolean): void {
  type Build = (this: unknown, options: Record<string, unknown>, ...rest: unknown[]) => unknown;
  const modem = docker.modem as unknown as { buildRequest: Build };
  const build = modem.buildRequest;
  modem.buildRequest = function (options, ...rest) {
    options.rejectUnauthorized = verify;
    return build.call(this, options, ...rest);
  };
}

/**
 * Builds dockerode's options for an endpoint; reading TLS files may fail here. An ssh:// endpoint
 * needs its SshTransport, whose socket bridges each connection to a `docker system dial-stdio` session.
 */
export function dockerodeOptions(endpoint: EngineEndpoint, ssh?: SshTransport): Docker.DockerOptions {
  const { host } = endpoint;
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) || '/var/run/docker.sock' };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length) || '//./pipe/docker_engine' };
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new EngineError(
      'invalidArgument',
      l10n.t('"{0}" is not an engine address (expected unix://, tcp:// or ssh://).', host),
    );
  }
  if (url.protocol === 'ssh:') {
    if (!ssh) throw new EngineError('invalidArgument', l10n.t('"{0}" needs an SSH connection.', host));
    // docker-modem takes a function for the socket path, and waits for the promise it returns.
    return { socketPath: () => ssh.socketPath(), agent: ssh.httpAgent } as unknown as Docker.DockerOptions;
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError(
      'invalidArgument',
      l10n.t('"{0}" is not an engine address (expected unix://, tcp:// or ssh://).', host),
    );
  }
  const tls = endpoint.tls;
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  if (!tls && url.protocol !== 'https:') return { protocol: 'http', host: url.hostname, port };
  const ca = tls?.caFile ? readMaterial(tls.caFile, host, 'tls') : undefined;
  const cert = tls?.certFile ? readMaterial(tls.certFile, host, 'tls') : undefined;
  const key = tls?.keyFile ? readMaterial(tls.keyFile, host, 'tls') : undefined;
  const agent = briefInInspect(
    new https.Agent({ keepAlive: true, ca, cert, key, rejectUnauthorized: tls?.verify !== false }),
  );
  return { protocol: 'https', host: url.hostname, port, ca, cert, key, agent } as Docker.DockerOptions;
}

/**
 * docker-modem formats every request's options with `util.inspect(…, { showHidden: true, depth: null })`
 * for its debug log, whether that log is on or not. The options hold the agent, and a kept-alive
 * agent holds its sockets (TLS state, parsers, timers): walked in full that cost ~8 ms of CPU per
 * request over TLS, eight times the request itself. The agent formats as its name instead.
 */
export function briefInInspect<T extends object>(agent: T): T {
  Object.defineProperty(agent, inspect.custom, { value: () => `[${agent.constructor.name}]` });
  return agent;
}

function readMaterial(file: string, host: string, kind: 'tls'): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? l10n.t('The file {0} for {1} does not exist.', file, host)
        : l10n.t('The file {0} for {1} cannot be read ({2}).', file, host, code ?? String(e));
    throw new EngineError(kind, message, {
      code,
      cause: e,
      hint: kind === 'tls' ? l10n.t('Check DOCKER_CERT_PATH or the TLS files of the Docker context.') : undefined,
    });
  }
}

export interface DialOptions {
  query?: Record<string, string | number>;
  body?: object;
}

/** Every status the daemon answers with, so docker-modem turns each non-2xx into an error with it. */
const STATUS_CODES: Record<number, true | string> = {
  200: true,
  201: true,
  204: true,
  304: true,
  400: 'bad parameter',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  406: 'not acceptable',
  409: 'conflict',
  500: 'server error',
  503: 'unavailable',
};

/**
 * One Engine API request through dockerode's modem, which owns the transport (unix socket, TCP
 * with TLS, SSH). Paths are built by the caller with names and IDs URL-encoded.
 */
export function dial<T = unknown>(
  docker: Docker,
  signal: AbortSignal,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: DialOptions = {},
): Promise<T> {
  // docker-modem's conventions: a path ending in "?" gets `_query` as its query string, and a POST
  // sends `_body` as JSON.
  const hasQuery = !!options.query && Object.keys(options.query).length > 0;
  const modemOptions: Record<string, unknown> = {};
  if (hasQuery) modemOptions._query = options.query;
  if (options.body) modemOptions._body = options.body;
  return new Promise<T>((resolve, reject) => {
    docker.modem.dial(
      {
        path: hasQuery ? `${path}?` : path,
        method,
        options: modemOptions,
        abortSignal: signal,
        statusCodes: STATUS_CODES,
      } as Parameters<Docker['modem']['dial']>[0],
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
    );
  });
}

/**
 * `dial` for answers with unsigned 64-bit counts (`fields`): those integers come back as decimal
 * strings, exactly, where JSON.parse would round them to the nearest double.
 */
export async function dialExact<T = unknown>(
  docker: Docker,
  signal: AbortSignal,
  path: string,
  fields: readonly string[],
  options: DialOptions = {},
): Promise<T> {
  const exact = new RegExp(`("(?:${fields.join('|')})"\\s*:\\s*)(\\d+)`, 'g');
  const text = await dialText(docker, signal, 'GET', path, { ...options, maxBytes: Number.POSITIVE_INFINITY });
  return JSON.parse(text.replace(exact, '$1"$2"')) as T;
}

/**
 * A request whose answer is a stream of text (a container's logs, a pull's progress): read up to
 * `maxBytes`, the rest dropped; `onChunk` sees each piece as it comes (a pull's progress lines).
 */
export function dialText(
  docker: Docker,
  signal: AbortSignal,
  method: 'GET' | 'POST',
  path: string,
  options: DialOptions & { maxBytes?: number; onChunk?: (text: string) => void } = {},
): Promise<string> {
  const hasQuery = !!options.query && Object.keys(options.query).length > 0;
  const max = options.maxBytes ?? 256 * 1024;
  return new Promise<string>((resolve, reject) => {
    docker.modem.dial(
      {
        path: hasQuery ? `${path}?` : path,
        method,
        options: hasQuery ? { _query: options.query } : {},
        abortSignal: signal,
        statusCodes: STATUS_CODES,
        isStream: true,
      } as Parameters<Docker['modem']['dial']>[0],
      (err: unknown, stream: unknown) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        let size = 0;
        const res = stream as NodeJS.ReadableStream;
        res.on('data', (c: Buffer) => {
          if (size < max) chunks.push(c.subarray(0, max - size));
          size += c.length;
          options.onChunk?.(c.toString('utf8'));
        });
        res.on('error', reject);
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
  });
}

export function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

// Which engine to talk to, resolved the way the docker CLI does: DOCKER_HOST, else the current
// Docker context (DOCKER_CONTEXT, else `currentContext` in config.json), else the default socket.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError } from './errors';
import { l10n } from '../util/text';

export interface TlsMaterial {
  /** Files, read when the client is made, so a missing one is reported by name. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** false: encrypt but do not verify the server (the context's SkipTLSVerify). */
  verify: boolean;
}

export interface SshOptions {
  /** Path of the SSH agent's socket; defaults to SSH_AUTH_SOCK. */
  agent?: string;
  /** A private key file, for when no agent holds the key. */
  identityFile?: string;
}

export type EndpointSource = 'env' | 'context' | 'default' | 'settings' | 'podman';

export interface EngineEndpoint {
  /** The name the tree shows: a context name, a setting's name, or the host. */
  name: string;
  /** unix:///path, tcp://host:port, ssh://user@host:port or npipe:////./pipe/name */
  host: string;
  source: EndpointSource;
  tls?: TlsMaterial;
  ssh?: SshOptions;
  /** Set when the endpoint could not be resolved (a broken context): every call fails with it. */
  problem?: EngineError;
}

export interface ResolveEnvironment {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  readFile(file: string): string | undefined;
  exists(file: string): boolean;
}

export const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

export function nodeEnvironment(): ResolveEnvironment {
  return {
    env: process.env,
    homeDir: os.homedir(),
    readFile(file) {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (file) => fs.existsSync(file),
  };
}

function dockerConfigDir(r: ResolveEnvironment): string {
  return r.env.DOCKER_CONFIG || path.join(r.homeDir, '.docker');
}

/** The directory name the CLI gives a context: the hex SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function fromDockerHost(r: ResolveEnvironment, host: string): EngineEndpoint {
  const normalized = host.includes('://') ? host : `tcp://${host}`;
  // The CLI calls this engine the "default" context, with DOCKER_HOST as its endpoint.
  const endpoint: EngineEndpoint = { name: 'default', host: normalized, source: 'env' };
  if (normalized.startsWith('tcp://')) {
    // As the CLI: any value turns them on, and the port alone (2376) does not (an engine that
    // speaks TLS there answers plain HTTP with a 400 that errors.ts explains).
    const verify = !!r.env.DOCKER_TLS_VERIFY;
    const useTls = verify || !!r.env.DOCKER_TLS;
    if (useTls) {
      // As the CLI: the client's certificate and key where their files are (an engine may not ask
      // for one); the CA only to verify with, and then it must be there.
      const certDir = r.env.DOCKER_CERT_PATH || dockerConfigDir(r);
      const [caFile, certFile, keyFile] = ['ca.pem', 'cert.pem', 'key.pem'].map((f) => path.join(certDir, f));
      endpoint.tls = {
        ...(verify ? { caFile } : {}),
        ...(r.exists(certFile) ? { certFile } : {}),
        ...(r.exists(keyFile) ? { keyFile } : {}),
        verify,
      };
    }
  }
  return endpoint;
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** Reads one Docker context's endpoint and TLS material from the CLI's config directory. */
export function readContext(r: ResolveEnvironment, name: string): EngineEndpoint {
  const dir = contextDirName(name);
  const metaFile = path.join(dockerConfigDir(r), 'contexts', 'meta', dir, 'meta.json');
  const text = r.readFile(metaFile);
  if (text === undefined) {
    throw new EngineError(
      'invalidArgument',
      l10n.t('The Docker context "{0}" does not exist ({1} is missing).', name, metaFile),
    );
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (e) {
    throw new EngineError('invalidArgument', l10n.t('The Docker context file {0} is not valid JSON.', metaFile), {
      cause: e,
    });
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) {
    throw new EngineError('invalidArgument', l10n.t('The Docker context "{0}" has no Docker endpoint.', name));
  }
  const endpoint: EngineEndpoint = { name, host: docker.Host, source: 'context' };
  const tlsDir = path.join(dockerConfigDir(r), 'contexts', 'tls', dir, 'docker');
  const file = (f: string) => {
    const p = path.join(tlsDir, f);
    return r.exists(p) ? p : undefined;
  };
  const [caFile, certFile, keyFile] = [file('ca.pem'), file('cert.pem'), file('key.pem')];
  if (docker.Host.startsWith('tcp://') && (caFile || certFile || docker.SkipTLSVerify)) {
    endpoint.tls = { caFile, certFile, keyFile, verify: !docker.SkipTLSVerify };
  }
  return endpoint;
}

function currentContextName(r: ResolveEnvironment): string | undefined {
  if (r.env.DOCKER_CONTEXT) return r.env.DOCKER_CONTEXT;
  const text = r.readFile(path.join(dockerConfigDir(r), 'config.json'));
  if (!text) return undefined;
  try {
    const config = JSON.parse(text) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : undefined;
  } catch {
    return undefined; // the CLI would complain; an unreadable config means "no context" for us
  }
}

/**
 * An address that holds a password (`ssh://user:secret@host`): the docker CLI refuses it (ssh logs
 * in with a key or an agent, and takes no password from a URL); kept, the password would be shown
 * in the tree, the log and every message about the engine. Returns the endpoint with the address
 * without it and the problem, or the endpoint as it is.
 */
export function withoutPassword(endpoint: EngineEndpoint): EngineEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint.host);
  } catch {
    return endpoint;
  }
  if (!url.password) return endpoint;
  url.password = '';
  const host = url.toString();
  const problem = new EngineError(
    'invalidArgument',
    l10n.t(
      'The address {0} of engine "{1}" holds a password, which an engine address cannot carry: ssh logs in with a key or an agent.',
      host,
      endpoint.name,
    ),
  );
  return { name: endpoint.name, host, source: endpoint.source, problem };
}

/**
 * The engine the docker CLI would use in this environment. Never throws: an endpoint that cannot
 * be used carries its `problem`, which the tree shows as that engine's state.
 */
export function resolveDefaultEndpoint(r: ResolveEnvironment = nodeEnvironment()): EngineEndpoint {
  if (r.env.DOCKER_HOST) return withoutPassword(fromDockerHost(r, r.env.DOCKER_HOST));
  const context = currentContextName(r);
  if (context && context !== 'default') {
    try {
      return withoutPassword(readContext(r, context));
    } catch (e) {
      const problem = e instanceof EngineError ? e : new EngineError('invalidArgument', String(e));
      return { name: context, host: `context://${context}`, source: 'context', problem };
    }
  }
  return { name: 'default', host: DEFAULT_SOCKET, source: 'default' };
}

/** A short form of a host URL for labels: the socket path, or host:port. */
export function displayHost(host: string): string {
  try {
    if (host.startsWith('unix://')) return host.slice('unix://'.length) || host;
    const url = new URL(host);
    return url.host || host;
  } catch {
    return host;
  }
}

// A host interface's name and addresses. The addresses are asked of iproute2's `ip` for that one
// interface, in another process: the host's own list of interfaces is read synchronously.
import { execFile } from 'child_process';
import { constants, promises as fs } from 'fs';
import { isIP } from 'net';
import * as os from 'os';

/**
 * A Linux interface name (at most 15 bytes, no slash or white space, not . or ..). A name from the
 * engine (a bridge's option, a macvlan's parent) that is anything else is not looked up in sysfs.
 */
export const IFNAME = /^(?!\.\.?$)[^/\s]{1,15}$/;

/** The longest `ip` may take to answer (a busy host); then there are no addresses to show. */
const IP_LIMIT_MS = 2_000;

/** Where iproute2's `ip` is, by absolute path (not whatever `ip` comes first on PATH). */
const IP_PATHS = ['/usr/sbin/ip', '/usr/bin/ip', '/sbin/ip', '/bin/ip'];
/** The `ip` found, once; undefined when there is none or it gave no JSON (then the host's list is read). */
let ipPath: Promise<string | undefined> | undefined;

/**
 * One interface's addresses, asked of iproute2 for that interface alone, in another process.
 * os.networkInterfaces() would be simpler, but it lists every interface of the host synchronously
 * (getifaddrs): a host running 2,000 containers has some 3,000 interfaces, and the list took
 * 110–270 ms, all of it with the extension host's event loop stopped. `ip` answers in a few
 * milliseconds, none of them on the event loop but its start. Without a usable `ip` (none
 * installed, one without JSON output) the host's list is the fallback; when `ip` says the
 * interface is gone, or does not answer in time on a busy host, there are no addresses to show
 * (and no reason to stop the loop for the host's list). Never rejects.
 */
export async function interfaceAddresses(
  name: string,
  hostList: () => NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces,
): Promise<string[]> {
  if (!IFNAME.test(name)) return [];
  ipPath ??= (async () => {
    const runnable = (file: string) =>
      fs.access(file, constants.X_OK).then(
        () => true,
        () => false,
      );
    for (const file of IP_PATHS) if (await runnable(file)) return file;
    return undefined;
  })();
  const ip = await ipPath;
  if (ip) {
    const answer = await new Promise<{ stdout?: string; empty?: boolean }>((resolve) => {
      try {
        execFile(
          ip,
          ['-json', 'address', 'show', 'dev', name],
          { timeout: IP_LIMIT_MS, maxBuffer: 1 << 20, env: { LC_ALL: 'C' } },
          (error, stdout, stderr) =>
            resolve(
              !error
                ? { stdout }
                : { empty: (error as { killed?: boolean }).killed || /does not exist/.test(String(stderr)) },
            ),
        );
      } catch {
        resolve({}); // it could not be started at all
      }
    });
    if (answer.empty) return [];
    const addresses = answer.stdout === undefined ? undefined : parseIpAddresses(answer.stdout, name);
    if (addresses) return addresses;
    ipPath = Promise.resolve(undefined); // an `ip` without JSON output (too old, BusyBox's): not asked again
  }
  try {
    return (hostList()[name] ?? []).map((a) => a.cidr ?? a.address);
  } catch {
    return [];
  }
}

/** The addresses of interface `name` in `ip -json address` output; undefined when it is not that. */
export function parseIpAddresses(json: string, name: string): string[] | undefined {
  let links: unknown;
  try {
    links = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(links)) return undefined;
  const link = links.find((l) => l && typeof l === 'object' && (l as { ifname?: unknown }).ifname === name) as
    { addr_info?: unknown } | undefined;
  if (!link || !Array.isArray(link.addr_info)) return undefined;
  return link.addr_info.flatMap((a: { local?: unknown; prefixlen?: unknown }) =>
    a && typeof a.local === 'string' && isIP(a.local) && Number.isInteger(a.prefixlen) && (a.prefixlen as number) >= 0
      ? [`${a.local}/${a.prefixlen as number}`]
      : [],
  );
}

// The routes of this machine, for an engine that runs on it: a network whose subnet overlaps one
// (a VPN's, the LAN's) cannot reach what lies behind that route. Read from /proc/net/route, a
// kernel table; anything else (another OS, a remote engine) is "not looked at".
import { constants, promises as fs } from 'fs';
import { HostRoute, parseRouteTable } from '../model/addressSpace';
import { readsHere } from './plumbing';

/** The most of the table read: some 10,000 routes. */
const MAX_TABLE = 1 << 20;

/** The host's IPv4 routes when the engine at `host` runs here; undefined when they cannot be looked at. */
export async function readHostRoutes(host: string, proc = '/proc'): Promise<HostRoute[] | undefined> {
  if (!readsHere(host) || process.platform !== 'linux') return undefined;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(`${proc}/net/route`, constants.O_RDONLY | constants.O_NONBLOCK);
    const buffer = Buffer.alloc(MAX_TABLE);
    let length = 0;
    // A proc file gives its text in pieces; read until it ends or the limit is reached.
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (!bytesRead || (length += bytesRead) >= buffer.length) break;
    }
    return parseRouteTable(buffer.subarray(0, length).toString('latin1'));
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

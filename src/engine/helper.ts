// Short-lived helper containers that look at a container's network from inside it: they join its
// network namespace (`NetworkMode: container:<id>`), run busybox tools, and are removed whatever
// happens. They never change the container under test and need no tool inside it. Labelled with
// the window that made them, so a window that closes mid-check (or a host that died) leaves
// nothing behind for long. Plain Node.

/** Every helper carries this label; its value is the session (window) that made it. */
export const HELPER_LABEL = 'io.docker-networks.helper';
/** When it was made (ms since epoch): leftovers of other windows older than a check can be are removed. */
export const HELPER_STARTED_LABEL = 'io.docker-networks.helper.started';

export interface HelperSpec {
  image: string;
  /** The container whose network namespace the helper joins. */
  joins: string;
  /** A POSIX shell script for the image's `sh`; its output is what the helper printed. */
  script: string;
  /** The longest the helper may run; it is killed then (and the script itself is wrapped in `timeout`). */
  limitSeconds: number;
  session: string;
}

export interface HelperResult {
  exitCode: number;
  /** What it printed (stdout and stderr, as a terminal would show them), capped. */
  output: string;
  timedOut: boolean;
}

/** The body of `POST /containers/create` for a helper: as little power as it needs. */
export function helperBody(spec: HelperSpec, now = Date.now()): object {
  return {
    Image: spec.image,
    Cmd: ['sh', '-c', spec.script],
    Tty: true,
    Labels: { [HELPER_LABEL]: spec.session, [HELPER_STARTED_LABEL]: String(now) },
    HostConfig: {
      NetworkMode: `container:${spec.joins}`,
      ReadonlyRootfs: true,
      Memory: 64 * 1024 * 1024,
      PidsLimit: 32,
      // ping needs a raw socket; nothing else is kept.
      CapDrop: ['ALL'],
      CapAdd: ['NET_RAW'],
      SecurityOpt: ['no-new-privileges'],
      LogConfig: { Type: 'json-file', Config: {} },
    },
  };
}

// When events turn into reads, on a clock the test moves: the first event after a calm spell at
// once, the rest of one action soon after, a storm in windows that grow.
import * as assert from 'assert';
import { EventWindows, Timers } from '../../src/store/windows';

class FakeTimers implements Timers {
  private t = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.due.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  /** Moves the clock, running what falls due in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.due.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}

describe('event windows', () => {
  const options = { debounceMs: 100, stormMaxWaitMs: 2_000, calmMs: 1_000 };
  let clock: FakeTimers;
  let reads: number[];
  let windows: EventWindows;
  beforeEach(() => {
    clock = new FakeTimers();
    clock.advance(10_000);
    reads = [];
    windows = new EventWindows(options, () => reads.push(clock.now() - 10_000), clock);
  });
  afterEach(() => windows.dispose());

  it('reads the first event after a calm spell at once, and the rest of its action 15 ms later', () => {
    // A container's stop: kill, then die and stop a few milliseconds later.
    windows.onEvent();
    clock.advance(3);
    windows.onEvent();
    clock.advance(1);
    windows.onEvent();
    clock.advance(500);
    assert.deepStrictEqual(reads, [0, 18]);
  });

  it('reads at once an event that comes after the window closed, outside a storm', () => {
    // A start: its network's connect, then half a second later (still within the calm spell) the start.
    windows.onEvent();
    clock.advance(500);
    windows.onEvent();
    clock.advance(500);
    assert.deepStrictEqual(reads, [0, 500]);
  });

  it('gathers a storm into windows that grow, with one early read at its start', () => {
    for (let i = 0; i < 400; i++) {
      windows.onEvent();
      clock.advance(5);
    }
    clock.advance(5_000);
    // At once, 15 ms later, then at the ends of windows of 100, 200, 400, 800 ms…
    assert.deepStrictEqual(reads.slice(0, 6), [0, 20, 100, 300, 700, 1_500]);
    assert.ok(reads.length <= 8, `a storm of 400 events made ${reads.length} reads`);
  });

  it("gathers a storm's re-reads into its window, and reads one person's at once", () => {
    // One action: its window is open, but what is to be read again should show now.
    windows.onEvent();
    clock.advance(5);
    assert.strictEqual(windows.gather(), false);
    clock.advance(2_000);
    // A storm: past the first few events, a re-read waits for the window's end with its events.
    for (let i = 0; i < 40; i++) {
      windows.onEvent();
      clock.advance(5);
    }
    const before = reads.length;
    assert.strictEqual(windows.gather(), true);
    assert.strictEqual(windows.gather(), true);
    clock.advance(5_000);
    const stormReads = reads.slice(before);
    assert.strictEqual(stormReads.length, 1, `reads after the gathered re-reads: ${stormReads.join(', ')}`);
    // The storm is over and no window is open: read at once.
    assert.strictEqual(windows.gather(), false);
  });

  it('a re-read gathered after the early read emptied the window is still read at its end', () => {
    // Five events within the first few ms: the early read (15 ms after the second) takes them all,
    // and the window is a storm's.
    windows.onEvent();
    for (let i = 0; i < 4; i++) {
      clock.advance(1);
      windows.onEvent();
    }
    clock.advance(20);
    assert.deepStrictEqual(reads, [0, 16]);
    assert.strictEqual(windows.gather(), true);
    clock.advance(1_000);
    assert.deepStrictEqual(reads, [0, 16, 100], 'the gathered re-read, at the end of the window');
  });

  it('reads nothing when nothing came, and nothing after it is disposed', () => {
    windows.onEvent();
    clock.advance(1);
    windows.onEvent();
    windows.dispose();
    clock.advance(1_000);
    assert.deepStrictEqual(reads, [0]);
  });
});

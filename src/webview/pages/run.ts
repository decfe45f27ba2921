// What the pages of looks that run (a diagnosis, a reachability matrix, names, ports) show above
// their result: the step under way, why the run failed, or that it has not run in this window;
// and Run Again once it is not running.
import { button, el, icon, s, vscode } from './common';

type RunState = 'idle' | 'running' | 'done' | 'failed';

/** The status line; `done` is the caller's (a verdict), or nothing. */
export function runStatus(state: RunState, message: string | undefined, done?: HTMLElement): HTMLElement | undefined {
  if (state === 'running')
    return el(
      'p',
      { class: 'verdict running', role: 'status' },
      icon('loading codicon-modifier-spin'),
      ' ',
      message ?? '',
    );
  if (state === 'failed')
    return el('p', { class: 'verdict fail', role: 'alert' }, icon('error'), ' ', s('diagnosisFailed', message ?? ''));
  if (state === 'idle') return el('p', { class: 'verdict muted' }, s('runAgainHint'));
  return done;
}

export function runToolbar(state: RunState): HTMLElement {
  return el(
    'div',
    { class: 'toolbar' },
    state !== 'running' &&
      button(s('runAgain'), 'refresh', () => vscode.postMessage({ type: 'rerun' }), state === 'done'),
  );
}

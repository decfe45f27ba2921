// Steps of a multi-step input: an input box or a quick pick with a step counter and a Back button.
// Each resolves to the value, to BACK when the user pressed Back, or throws Cancelled on Escape.
import * as vscode from 'vscode';
import { Cancelled } from '../commands/prompts';
import { PickItem, showable } from './pick';

export const BACK = Symbol('back');
export type Back = typeof BACK;

interface StepOptions {
  title: string;
  step?: number;
  totalSteps?: number;
  /** Show the Back button. */
  back?: boolean;
}

export interface InputStepOptions extends StepOptions {
  prompt: string;
  value?: string;
  placeholder?: string;
  /** A message when the value is not acceptable; undefined when it is. */
  validate?: (value: string) => string | undefined;
}

export function inputStep(options: InputStepOptions): Promise<string | Back> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.step = options.step;
  box.totalSteps = options.totalSteps;
  box.prompt = options.prompt;
  box.value = options.value ?? '';
  box.placeholder = options.placeholder;
  box.ignoreFocusOut = true;
  if (options.back) box.buttons = [vscode.QuickInputButtons.Back];
  const validate = (value: string) => (box.validationMessage = options.validate?.(value));
  // An empty box is not an error yet: the message shows once the user types (or presses Enter).
  if (box.value) validate(box.value);
  return new Promise<string | Back>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      done = true;
      f();
      box.dispose();
    };
    box.onDidChangeValue(validate);
    box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(() => resolve(BACK)));
    box.onDidAccept(() => {
      if (validate(box.value)) return;
      finish(() => resolve(box.value));
    });
    box.onDidHide(() => {
      if (!done) finish(() => reject(new Cancelled()));
    });
    box.show();
  });
}

export interface PickStepOptions<T extends PickItem> extends StepOptions {
  items: readonly T[];
  placeholder?: string;
  /** The item to have selected when the step shows. */
  active?: T;
}

export function pickStep<T extends PickItem>(options: PickStepOptions<T>): Promise<T | Back> {
  // eslint-disable-next-line no-restricted-syntax -- shown through showable(), as every quick pick
  const pick = vscode.window.createQuickPick<T>();
  const items = showable(options.items);
  pick.title = options.title;
  pick.step = options.step;
  pick.totalSteps = options.totalSteps;
  pick.placeholder = options.placeholder;
  pick.items = items.items;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  if (options.active) {
    const active = items.items[options.items.indexOf(options.active)];
    if (active) pick.activeItems = [active];
  }
  if (options.back) pick.buttons = [vscode.QuickInputButtons.Back];
  return new Promise<T | Back>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      done = true;
      f();
      pick.dispose();
    };
    pick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(() => resolve(BACK)));
    pick.onDidAccept(() => {
      const [chosen] = pick.selectedItems;
      if (chosen) finish(() => resolve(items.original(chosen)));
    });
    pick.onDidHide(() => {
      if (!done) finish(() => reject(new Cancelled()));
    });
    pick.show();
  });
}

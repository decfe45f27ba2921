// A minimal typed event emitter with VS Code's `Event` shape (`event(listener) => Disposable`),
// usable where `vscode` is not.
import { IDisposable } from './lifecycle';

export type Listener<T> = (value: T) => void;
export type Event<T> = (listener: Listener<T>) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<Listener<T>>();

  /** `onListenerError` receives what a listener threw; the other listeners still run. */
  constructor(private readonly onListenerError: (error: unknown) => void = (e) => console.error(e)) {}

  readonly event: Event<T> = (listener) => {
    // Wrap so the same function registered twice is two subscriptions, like VS Code's emitter.
    const entry: Listener<T> = (value) => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}

// What the views say when a read of the store fails, without knowing the engine layer's errors.
import { EngineError, isEngineError } from '../engine/errors';
import { SshCodes } from '../engine/ssh';

/** The message to show for a failed read, and whether the object is gone from the engine. */
export function describeFailure(e: unknown): { message: string; gone: boolean } {
  if (isEngineError(e)) return { message: e.userMessage, gone: e.kind === 'notFound' };
  return { message: e instanceof Error ? e.message : String(e), gone: false };
}

/** An engine that failed because its SSH host key is unknown: the way on is to compare and trust it. */
export function offersHostKeyTrust(error: EngineError | undefined): boolean {
  return error?.code === SshCodes.hostKeyUnknown;
}

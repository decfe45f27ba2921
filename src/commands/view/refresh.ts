import { checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { Commands } from '../ids';

/** Reads every engine (or `{ engine }`) again and reconnects event streams that are down (also the Retry action). */
export async function refresh(ctx: CommandContext, target?: unknown): Promise<void> {
  if (isArgumentsObject(target)) {
    checkArguments(Commands.refresh, target, { engine: { type: 'string' } });
    await ctx.store.refresh(target.engine as string | undefined);
    return;
  }
  await ctx.store.refresh();
}

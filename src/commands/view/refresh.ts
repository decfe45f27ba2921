import { CommandContext } from '../context';

/** Reads every engine again and reconnects event streams that are down (also the view's Retry). */
export async function refresh(ctx: CommandContext): Promise<void> {
  await ctx.store.refresh();
}

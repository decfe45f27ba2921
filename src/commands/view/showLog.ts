import { CommandContext } from '../context';

export function showLog(ctx: CommandContext): void {
  ctx.log.show(true);
}

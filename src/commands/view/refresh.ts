import { Call } from '../contract';
import { Commands } from '../ids';

/** Reads every engine (or `{ engine }`) again and reconnects event streams that are down (also the Retry action). */
export async function refresh(call: Call<typeof Commands.refresh>): Promise<void> {
  await call.ctx.store.refresh(call.args?.engine);
}

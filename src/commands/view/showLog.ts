import { Call } from '../contract';
import { Commands } from '../ids';

export function showLog(call: Call<typeof Commands.showLog>): void {
  call.ctx.log.show(true);
}

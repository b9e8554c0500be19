import { DdimScheduler } from './ddim';
import { DpmSolverPlusPlus2MScheduler } from './dpm-solver';
import type { Scheduler, SchedulerConfig } from './types';

export { DEFAULT_SCHEDULER_CONFIG, type Scheduler, type SchedulerConfig } from './types';
export { DdimScheduler, DpmSolverPlusPlus2MScheduler };

export type SchedulerName = 'ddim' | 'dpmpp-2m';

export function createScheduler(name: SchedulerName, config: SchedulerConfig): Scheduler {
  return name === 'ddim' ? new DdimScheduler(config) : new DpmSolverPlusPlus2MScheduler(config);
}

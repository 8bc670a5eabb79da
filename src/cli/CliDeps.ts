import type { Clock } from '../time/Clock.js';
import type { CliIo } from './CliIo.js';

/** What every command's `register…Command(program, deps)` receives. */
export interface CliDeps {
  readonly io: CliIo;
  /** Drives spinners and freshness; tests pass a manual clock. */
  readonly clock: Clock;
  /** Records the exit code the process ends with. */
  setExitCode(code: number): void;
}

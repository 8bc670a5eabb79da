import type { ProviderReport } from '../manager/types.js';
import type { Clock } from '../time/Clock.js';
import type { CliOutput } from './CliIo.js';
import { describeProblem } from './describeReport.js';
import { formatDuration } from './formatDuration.js';
import { plural } from './plural.js';
import { safeText } from './sanitize.js';

/** Shows a discovery as it goes: one provider at a time finishing. */
export interface DiscoveryProgress {
  start(names: readonly string[]): void;
  finish(report: ProviderReport): void;
  /** Ends the display (also after Ctrl-C); idempotent. */
  stop(): void;
}

/** A spinner line per provider on a terminal; plain lines as providers finish elsewhere. */
export function createProgress(output: CliOutput, clock: Clock): DiscoveryProgress {
  return output.isTTY === true ? new TtyProgress(output, clock) : new PlainProgress(output);
}

/** `ok, 12 models (+12 -0) in 312 ms`, or what went wrong. */
function outcome(report: ProviderReport): string {
  if (report.status === 'ok') {
    const dropped = report.invalid > 0 ? `, ${plural(report.invalid, 'malformed entry')} dropped` : '';
    return `${plural(report.models, 'model')} (+${report.added.length} -${report.removed.length}${dropped}) in ${formatDuration(report.durationMs)}`;
  }
  const problem = describeProblem(report).slice(report.name.length + 2);
  return report.status === 'failed' ? `failed after ${formatDuration(report.durationMs)}: ${problem}` : `skipped: ${problem}`;
}

/** One line per provider as it finishes: for logs and pipes. */
export class PlainProgress implements DiscoveryProgress {
  readonly #output: CliOutput;

  constructor(output: CliOutput) {
    this.#output = output;
  }

  start(names: readonly string[]): void {
    this.#output.write(`discovering ${names.map(safeText).join(', ')}\n`);
  }

  finish(report: ProviderReport): void {
    this.#output.write(`${safeText(report.name)}: ${outcome(report)}\n`);
  }

  stop(): void {}
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SYMBOL: Record<ProviderReport['status'], string> = { ok: '✓', failed: '✗', skipped: '-' };
/** How often the spinner turns. */
export const SPINNER_INTERVAL_MS = 80;

/** A block of lines, one per provider, redrawn in place while the spinner turns. */
export class TtyProgress implements DiscoveryProgress {
  readonly #output: CliOutput;
  readonly #clock: Clock;
  #names: string[] = [];
  readonly #results = new Map<string, ProviderReport>();
  #frame = 0;
  #cancelTick: (() => void) | undefined;
  #drawn = false;
  #stopped = false;

  constructor(output: CliOutput, clock: Clock) {
    this.#output = output;
    this.#clock = clock;
  }

  start(names: readonly string[]): void {
    this.#names = [...names];
    this.#output.write('\u001b[?25l');
    this.#draw();
    this.#schedule();
  }

  finish(report: ProviderReport): void {
    this.#results.set(report.name, report);
    if (!this.#stopped) this.#draw();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancelTick?.();
    this.#draw();
    this.#output.write('\u001b[?25h');
  }

  #schedule(): void {
    this.#cancelTick = this.#clock.setTimer(() => {
      this.#frame = (this.#frame + 1) % FRAMES.length;
      this.#draw();
      this.#schedule();
    }, SPINNER_INTERVAL_MS);
  }

  #draw(): void {
    const width = Math.max(...this.#names.map((name) => safeText(name).length));
    const columns = Math.max((this.#output.columns ?? 80) - 1, 20);
    const lines = this.#names.map((name) => {
      const report = this.#results.get(name);
      const label = safeText(name).padEnd(width);
      const text = report === undefined
        ? `${this.#stopped ? '✗' : (FRAMES[this.#frame] as string)} ${label}  ${this.#stopped ? 'interrupted' : 'discovering…'}`
        : `${SYMBOL[report.status]} ${label}  ${outcome(report)}`;
      // A wrapped line would break the cursor-up arithmetic: cut to the terminal's width.
      return [...text].slice(0, columns).join('');
    });
    const up = this.#drawn ? `\u001b[${lines.length}A` : '';
    this.#output.write(up + lines.map((line) => `\r\u001b[2K${line}\n`).join(''));
    this.#drawn = true;
  }
}

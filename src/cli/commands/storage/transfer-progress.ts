/** az's transfer progress bar on stderr (`Alive[####  ]  42.0000%`, then `Finished[…]  100.0000%`). */
const WIDTH = 60;

export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function transferProgress(total: number, write: (text: string) => void, enabled: boolean): Progress {
  if (!enabled || total <= 0) return { update() {}, finish() {} };
  let lastPercent = -1;
  const render = (done: number, label: string) => {
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    return `\r${label}[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}]  ${(ratio * 100).toFixed(4)}%`;
  };
  return {
    update(done) {
      const percent = Math.floor((done / total) * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      write(render(done, 'Alive'));
    },
    finish() {
      write(render(total, 'Finished') + '\n');
    },
  };
}

/** Transfers at least this large show progress (small ones finish before a bar means anything). */
export const PROGRESS_THRESHOLD = 4 * 1024 * 1024;

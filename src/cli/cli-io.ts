/** What the CLI touches outside itself, injectable so `runCli` can run in-process in tests. */
import { randomUUID } from 'node:crypto';
import type { Transport } from './http/transport.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asks a yes/no question; undefined when there is no terminal (az then refuses without --yes). */
  prompt?: (question: string) => Promise<string | undefined>;
  /** Milliseconds since the epoch. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  newId: () => string;
  /** Replaces the proxy transport (tests against an in-process fake). */
  transport?: Transport;
  cwd: string;
}

export function defaultIo(): CliIo {
  return {
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    prompt: process.stdin.isTTY ? ttyPrompt : undefined,
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    newId: () => randomUUID(),
    cwd: process.cwd(),
  };
}

async function ttyPrompt(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

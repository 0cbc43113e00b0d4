/**
 * Dockerfile reading for image builds that record rather than run: instructions with their line numbers
 * (continuations joined, comments dropped, `# escape=` honoured), global `ARG` defaults substituted into `FROM`,
 * stages by name, and the base image of the final stage (following `FROM <stage>` chains).
 */
export interface DockerInstruction {
  keyword: string;
  /** Arguments as written (continuations joined with a space). */
  args: string;
  /** 1-based line of the instruction's first line. */
  line: number;
}

export interface DockerStage {
  /** The FROM argument after substitution (image or earlier stage name). */
  from: string;
  name?: string;
  platform?: string;
  /** Instructions after the FROM, in order. */
  instructions: DockerInstruction[];
  line: number;
}

export interface ParsedDockerfile {
  stages: DockerStage[];
  /** The image the final stage builds on (stage references resolved). */
  baseImage: string;
  /** Instructions from the base image onwards that make the final image (the chain of stages), FROM lines excluded. */
  finalInstructions: DockerInstruction[];
}

export class DockerfileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line !== undefined ? `dockerfile parse error line ${line}: ${message}` : message);
  }
}

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Splits the text into logical instructions. */
export function dockerInstructions(text: string): DockerInstruction[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let escape = '\\';
  let i = 0;
  // Parser directives: leading `# key=value` comments.
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape') {
      if (m[2] !== '\\' && m[2] !== '`') throw new DockerfileError(`invalid escape token '${m[2]}' does not match ` + '` or \\', i + 1);
      escape = m[2];
    }
  }
  const out: DockerInstruction[] = [];
  let current: { text: string; line: number } | undefined;
  for (; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (current && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) continue;
    const continued = trimmed.endsWith(escape);
    const piece = continued ? trimmed.slice(0, -1).trim() : trimmed;
    if (current) current.text += (current.text && piece ? ' ' : '') + piece;
    else current = { text: piece, line: i + 1 };
    if (!continued) {
      out.push(toInstruction(current.text, current.line));
      current = undefined;
    }
  }
  if (current && current.text) out.push(toInstruction(current.text, current.line));
  return out;
}

function toInstruction(text: string, line: number): DockerInstruction {
  const m = /^(\S+)\s*(.*)$/.exec(text);
  const keyword = (m?.[1] ?? '').toUpperCase();
  if (!KNOWN.has(keyword)) throw new DockerfileError(`unknown instruction: ${m?.[1] ?? text}`, line);
  return { keyword, args: (m?.[2] ?? '').trim(), line };
}

/** `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alternative}` with the given values. */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_all, braced, op, word, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === '-') return value ? value : (word as string);
    if (op === '+') return value ? (word as string) : '';
    return value ?? '';
  });
}

function parseArg(args: string): [string, string | undefined] {
  const eq = args.indexOf('=');
  if (eq < 0) return [args.trim(), undefined];
  return [args.slice(0, eq).trim(), args.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1')];
}

function parseFrom(ins: DockerInstruction, vars: ReadonlyMap<string, string>): Omit<DockerStage, 'instructions'> {
  const tokens = ins.args.split(/\s+/).filter((t) => t.length > 0);
  let platform: string | undefined;
  while (tokens[0]?.startsWith('--')) {
    const flag = tokens.shift()!;
    const m = /^--platform=(.+)$/.exec(flag);
    if (!m) throw new DockerfileError(`unknown flag for FROM: ${flag}`, ins.line);
    platform = substitute(m[1], vars);
  }
  if (tokens.length !== 1 && !(tokens.length === 3 && tokens[1].toLowerCase() === 'as')) {
    throw new DockerfileError('FROM requires either one or three arguments', ins.line);
  }
  const from = substitute(tokens[0], vars);
  if (from === '') throw new DockerfileError(`base name (${tokens[0]}) should not be blank`, ins.line);
  const stage: Omit<DockerStage, 'instructions'> = { from, line: ins.line };
  if (tokens.length === 3) stage.name = tokens[2].toLowerCase();
  if (platform) stage.platform = platform;
  return stage;
}

export function parseDockerfile(text: string, buildArgs: Record<string, string> = {}): ParsedDockerfile {
  const all = dockerInstructions(text);
  const globals = new Map<string, string>();
  const stages: DockerStage[] = [];
  for (const ins of all) {
    if (ins.keyword === 'FROM') {
      stages.push({ ...parseFrom(ins, globals), instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new DockerfileError(`no build stage in current context: ${ins.keyword} must come after FROM (only ARG may come before it)`, ins.line);
      const [name, def] = parseArg(ins.args);
      const value = buildArgs[name] ?? def;
      if (value !== undefined) globals.set(name, value);
      continue;
    }
    stages[stages.length - 1].instructions.push(ins);
  }
  if (stages.length === 0) throw new DockerfileError('the Dockerfile has no FROM instruction: name the base image with FROM <image>');
  // Follow `FROM <stage>` back to an image.
  const chain: DockerStage[] = [];
  let stage: DockerStage | undefined = stages[stages.length - 1];
  const seen = new Set<DockerStage>();
  while (stage && !seen.has(stage)) {
    seen.add(stage);
    chain.unshift(stage);
    const idx = stages.indexOf(stage);
    const ref = stage.from.toLowerCase();
    stage = stages.slice(0, idx).reverse().find((s) => s.name === ref);
  }
  const baseImage = chain[0].from;
  if (baseImage.toLowerCase() === 'scratch') throw new DockerfileError('FROM scratch is not supported: an environment image must build on a base image', chain[0].line);
  return { stages, baseImage, finalInstructions: chain.flatMap((s) => s.instructions) };
}

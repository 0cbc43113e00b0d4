/** Finds the running platform through the data home: `runtime.json`, written by `cerulean start`. */
import { readFileSync } from 'node:fs';
import { dataPaths, type RuntimeInfo } from '../shared/data-home.js';
import { NotRunningError } from './errors.js';

export function notRunningMessage(home: string): string {
  return `Cerulean is not running (no runtime.json in ${home}). Start it with \`cerulean start\`.`;
}

export function loadRuntimeInfo(home: string): RuntimeInfo {
  let text: string;
  try {
    text = readFileSync(dataPaths(home).runtimeFile, 'utf8');
  } catch {
    throw new NotRunningError(notRunningMessage(home));
  }
  let info: RuntimeInfo;
  try {
    info = JSON.parse(text) as RuntimeInfo;
  } catch {
    throw new NotRunningError(`Cerulean is not running (runtime.json in ${home} is unreadable). Start it with \`cerulean start\`.`);
  }
  if (typeof info.pid === 'number' && !processAlive(info.pid)) {
    throw new NotRunningError(
      `Cerulean is not running (runtime.json in ${home} names process ${info.pid}, which has exited). Start it with \`cerulean start\`.`,
    );
  }
  return info;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

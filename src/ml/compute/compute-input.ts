/** Validation of compute PUT bodies: the name, the compute type, what Cerulean cannot run. */
import { mlErrors } from '../arm/ml-errors.js';
import { isObject, type Json } from '../arm/ml-request.js';

const NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

export const DEFAULT_VM_SIZE = 'STANDARD_DS3_V2';

export function validateComputeName(name: string): void {
  if (!NAME.test(name)) {
    throw mlErrors.user(`Compute name '${name}' is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 3 and 24 characters long.`);
  }
}

/** `properties.computeType`: only ComputeInstance (any casing) is served. */
export function requireComputeInstance(props: Json): 'ComputeInstance' {
  const t = props.computeType;
  if (t === undefined || t === null) throw mlErrors.user("The computeType property is required. Cerulean serves computeType 'ComputeInstance'.");
  if (String(t).toLowerCase() !== 'computeinstance') {
    throw mlErrors.user(`Compute type '${String(t)}' is not supported here: Cerulean runs compute instances (computeType 'ComputeInstance') only.`);
  }
  return 'ComputeInstance';
}

/** Custom applications (RStudio, Posit Workbench, …) are Docker containers on Azure: refused before anything is created. */
export function refuseCustomServices(inner: Json): void {
  const cs = inner.customServices;
  if (Array.isArray(cs) ? cs.length > 0 : isObject(cs)) {
    throw mlErrors.user(
      'Custom applications (customServices) run as Docker containers on a compute instance, and this machine has no container engine for them. ' +
        'Create the compute instance without custom applications.',
    );
  }
}

export function vmSizeOf(inner: Json): string {
  const v = inner.vmSize;
  if (v === undefined || v === null || v === '') return DEFAULT_VM_SIZE;
  if (typeof v !== 'string') throw mlErrors.invalidBody('vmSize must be a string');
  return v;
}

/** Azure ML compute instances: the `computes` ARM operations and the compute-instance runtime. */
export { createComputeProvider, removeComputesUnder } from './compute-provider.js';
export { computeExecServer, closeComputeExecServer, COMPUTE_ACCESS_ACTION, type ComputeExecServer } from './compute-exec-server.js';
export { computeInstancesOf, type ComputeInstances } from './compute-instances.js';

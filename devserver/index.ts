// Public API of the embedded Temporal-compatible server.
export { startDevServer } from './start-dev-server';
export type { DevServer, DevServerClock, DevServerOptions } from './start-dev-server';
export { InMemoryExecutionStore } from './engine/execution-store';
export type { ExecutionStore, ExecutionRecordSnapshot } from './engine/execution-store';
export { VirtualClock } from './clock/virtual-clock';
export type { Engine } from './engine/engine';
export type { Schedules } from './schedules/scheduler';

// startDevServer: the embedded Temporal-compatible server, in process.
import * as grpc from '@grpc/grpc-js';
import { VirtualClock } from './clock/virtual-clock';
import { Engine } from './engine/engine';
import { InMemoryExecutionStore, type ExecutionStore } from './engine/execution-store';
import { serviceDefinition } from './protocol/proto-codec';
import { testServiceHandlers } from './grpc/test-service';
import { unary, type RpcHandler } from './grpc/unary';
import { unimplementedError } from './grpc/unimplemented';
import { workflowServiceHandlers } from './grpc/workflow-service';
import { Schedules } from './schedules/scheduler';

export interface DevServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Java test server semantics: time jumps to the next timer whenever nothing holds a lock. */
  timeSkipping?: boolean;
  /** Virtual time at start (epoch ms); default: real time. */
  startTimeMs?: number;
  /** Virtual time moves only by clock.advance() (and time skipping), never with real time. */
  manualTime?: boolean;
  /** Durable store; default keeps everything in memory. */
  persistence?: ExecutionStore;
  /** Long-poll timeout in ms (default 20 s, below the SDK's ~70 s deadline). */
  longPollTimeoutMs?: number;
  /** How long QueryWorkflow waits for a worker's answer before DEADLINE_EXCEEDED (default 60 s). */
  queryTimeoutMs?: number;
  /** Suggest continue-as-new in WorkflowTaskStarted after this many events (default 4096) or bytes (default 4 MiB). */
  suggestContinueAsNewAfterEvents?: number;
  suggestContinueAsNewAfterBytes?: number;
  /**
   * With a durable store: encoded bytes of run histories kept in memory (default 16 MiB); beyond it
   * the least recently used runs keep only their last event and load the rest when a worker needs it.
   */
  historyCacheBytes?: number;
  /** Where unexpected internal errors go (default console.error). */
  log?: (message: string, error?: unknown) => void;
}

/** The virtual clock as tests see it. */
export interface DevServerClock {
  /** Virtual now, epoch ms. */
  now(): number;
  /**
   * Moves time forward, firing every server timer due on the way (workflow timers, timeouts,
   * backoffs). Before each timer it waits up to `waitForTasksMs` (default 2000) of real time for
   * workflow tasks that workers are processing, so the jump does not time them out.
   */
  advance(ms: number, options?: { waitForTasksMs?: number }): Promise<void>;
  /** Time-skipping locks (the client holds one initially). */
  lock(): void;
  unlock(): void;
  /** Locks held right now. */
  locks(): number;
}

export interface DevServer {
  /** host:port to pass to Connection.connect / NativeConnection.connect. */
  address: string;
  port: number;
  clock: DevServerClock;
  /** The engine, for white-box tests and benchmarks. */
  engine: Engine;
  /** The schedules (CreateSchedule & co.), e.g. to list them at start-up. */
  schedules: Schedules;
  close(): Promise<void>;
}

const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
const TEST_SERVICE = 'temporal.api.testservice.v1.TestService';

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log =
    options.log ?? ((message: string, error?: unknown) => console.error(`[devserver] ${message}`, error ?? ''));
  const clock = new VirtualClock({
    timeSkipping: options.timeSkipping ?? false,
    startTimeMs: options.startTimeMs,
    manualTime: options.manualTime,
  });
  const store = options.persistence ?? new InMemoryExecutionStore();
  const engine = new Engine({
    clock,
    store,
    longPollTimeoutMs: options.longPollTimeoutMs ?? 20_000,
    queryTimeoutMs: options.queryTimeoutMs ?? 60_000,
    suggestContinueAsNew: {
      historyEvents: options.suggestContinueAsNewAfterEvents ?? 4096,
      historyBytes: options.suggestContinueAsNewAfterBytes ?? 4 * 1024 * 1024,
    },
    historyCacheBytes: options.historyCacheBytes,
    log,
  });
  await engine.init();
  const schedules = new Schedules(engine, store, log);
  await schedules.init();

  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
  });
  addService(server, WORKFLOW_SERVICE, workflowServiceHandlers(engine, schedules), log);
  addService(server, TEST_SERVICE, testServiceHandlers(clock), log);

  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );

  let closing: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    port,
    engine,
    schedules,
    clock: {
      now: () => clock.now(),
      advance: (ms, advanceOptions) => clock.advance(ms, advanceOptions),
      lock: () => clock.lock(),
      unlock: () => clock.unlock(),
      locks: () => clock.locks(),
    },
    close: () =>
      (closing ??= (async () => {
        await schedules.close();
        await engine.close();
        clock.close();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, 2000);
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        await store.close();
      })()),
  };
}

function addService(
  server: grpc.Server,
  serviceName: string,
  handlers: Record<string, RpcHandler>,
  log: (m: string, e?: unknown) => void,
): void {
  const { definition, methods } = serviceDefinition(serviceName);
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const { name } of methods) {
    const handler: RpcHandler =
      handlers[name] ??
      (() => {
        throw unimplementedError(name);
      });
    implementation[name] = unary(name, handler, log);
  }
  server.addService(definition, implementation);
}

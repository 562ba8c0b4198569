// Contract of one workflow-task command type. Each command type lives in its own file.
import type { Pb } from '../../protocol/proto-codec';
import type { ExecutionRecord } from '../execution-record';
import type { Mutation } from '../mutation';

/** State accumulated while validating the commands of one completion, before anything is applied. */
export interface CommandScratch {
  timerIds: Set<string>;
  activityIds: Set<string>;
}

export interface CommandRejection {
  /** WorkflowTaskFailedCause */
  cause: number;
  message: string;
}

/** Engine services commands may need (ids, cross-workflow effects run after the commit). */
export interface CommandServices {
  newRunId(): string;
  /** Starts the child initiated by event `initiatedEventId` of `parent`, then reports back to it. */
  startChild(parent: ExecutionRecord, initiatedEventId: number): Promise<void>;
  signalExternal(source: ExecutionRecord, initiatedEventId: number): Promise<void>;
  cancelExternal(source: ExecutionRecord, initiatedEventId: number): Promise<void>;
}

export interface CommandContext {
  rec: ExecutionRecord;
  m: Mutation;
  completedEventId: number;
  services: CommandServices;
  /** Protocol messages of the completion not applied yet, by message id. */
  messages?: Map<string, Pb>;
}

export interface CommandHandler {
  /** Name of the attributes field on temporal.api.command.v1.Command. */
  attributesField: string;
  /** Closes the run (complete, fail, cancel, continue-as-new). */
  closes?: boolean;
  validate(attrs: Pb | undefined, scratch: CommandScratch, rec: ExecutionRecord): CommandRejection | undefined;
  /** Applies the command; returns true if the run needs a new workflow task afterwards. */
  apply(ctx: CommandContext, attrs: Pb): boolean;
}

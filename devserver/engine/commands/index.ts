// Registry of supported command types. New command types register here from their own file.
import { ACTIVITY_COMMANDS } from './activity-commands';
import { CLOSE_COMMANDS } from './close-commands';
import type { CommandHandler } from './command-handler';
import { CROSS_WORKFLOW_COMMANDS } from './cross-workflow-commands';
import { UPDATE_COMMANDS } from '../updates';
import { PROPERTY_COMMANDS } from './property-commands';
import { TIMER_COMMANDS } from './timer-commands';

export const COMMAND_HANDLERS: Record<number, CommandHandler> = {
  ...TIMER_COMMANDS,
  ...ACTIVITY_COMMANDS,
  ...CLOSE_COMMANDS,
  ...PROPERTY_COMMANDS,
  ...CROSS_WORKFLOW_COMMANDS,
  ...UPDATE_COMMANDS,
};

export function registerCommand(commandType: number, handler: CommandHandler): void {
  COMMAND_HANDLERS[commandType] = handler;
}

export type {
  CommandHandler,
  CommandContext,
  CommandScratch,
  CommandServices,
  CommandRejection,
} from './command-handler';

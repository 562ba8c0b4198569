/** What a staff or channel create asks for: its own file so case-service and registered-record share it without a cycle. */
import type { CaseRecord } from '../../domain/case';
import type { JsonValue, Priority } from '../../domain/definition';
import type { Actor } from '../../interpreter/case-model';
import type { ResidentContactInput } from '../../workflows/case-contract';

export interface StartCaseInput {
  definitionId: string;
  data: Record<string, JsonValue>;
  priority?: Priority;
  title?: string;
  residentContact?: ResidentContactInput;
  /** Who the workflow records as creator; defaults to the principal as staff. */
  actor?: Actor;
  /** Open311 columns for requests from that channel. */
  open311?: CaseRecord['open311'];
}

/** Typed errors of the interpreter layer; `code` is stable and machine-readable. */

export type CalendarErrorCode =
  | 'CALENDAR_UNKNOWN_TIME_ZONE'
  | 'CALENDAR_BAD_TIME'
  | 'CALENDAR_BAD_INTERVALS'
  | 'CALENDAR_BAD_DATE'
  | 'CALENDAR_BAD_HOLIDAY'
  | 'CALENDAR_NO_WORKING_TIME';

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

/** Deadlines and times as people read them (agency time zone, 24-hour clock). */
export {
  describeDeadline,
  type DeadlineInput,
  type DeadlineWording,
  type SlaStage,
  type InstantInput,
} from './sla-wording';
export { absoluteTime, relativeTime, timelineTime, shortDuration, localInstant } from './time-wording';

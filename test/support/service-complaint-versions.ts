/**
 * The example of issue 17: service complaint 1.1.0, in which a pothole goes to Street Services'
 * own work-order system (connection streets-work-orders) instead of a CivicFlow task. 1.0.0 stays
 * as published; cases started on it stay on it. Built from the shipped file as a small patch, the
 * way building-permit-versions.ts builds its versions.
 */
import fs from 'node:fs';
import path from 'node:path';

export const SERVICE_COMPLAINT_SOURCE = fs.readFileSync(
  path.join(__dirname, '..', '..', 'process-definitions', 'service-complaint.yaml'),
  'utf8',
);

const WORK_ORDER_FIELDS = `    workOrderNumber:
      type: string
      title: Street Services work-order number
`;

const WORK_ORDER_EVENTS = `events:
  work-order-progress: { title: Street Services reported progress, from: external, fields: [crewNote] }
  work-order-completed: { title: Street Services finished the work, from: external, fields: [crewNote, resolutionNote, resolutionCode] }

`;

const WORK_ORDER_STEPS = `  # Potholes go to Street Services' work-order system; its callbacks move the case on. If it never
  # reports, the street crew lead takes the request over here after ten working days.
  send-pothole-work-order:
    type: automated
    title: Send the work order to Street Services
    status: assigned
    activity: work-orders.send
    connection: streets-work-orders
    input: [category, address, latitude, longitude, description]
    output: [workOrderNumber]
    retry: { maxAttempts: 20, initialInterval: PT30S, backoff: 2 }
    next: awaiting-street-services
  awaiting-street-services:
    type: wait
    title: Street Services is on it
    status: assigned
    role: street-crew-lead
    on:
      - event: work-order-progress
        next: awaiting-street-services
      - event: work-order-completed
        next: resident-notice
    timeout:
      after: 10 working days
      next: pothole-repair
    sla:
      due: 10 working days
      warning: 75%

`;

/** 1.1.0: the shipped 1.0.0 with potholes sent as work orders. */
export function serviceComplaintWithWorkOrders(): string {
  const patched = SERVICE_COMPLAINT_SOURCE.replace(/^version: 1\.0\.0$/m, 'version: 1.1.0')
    .replace(/(\n {4}resolutionNote:\n(?: {6}.*\n)+)/, `$1${WORK_ORDER_FIELDS}`)
    .replace(
      '      resolutionNote:\n        title: Nota para el residente\n',
      '      resolutionNote:\n        title: Nota para el residente\n      workOrderNumber:\n        title: Número de orden de trabajo\n',
    )
    .replace(/^defaultPriority: normal$/m, `${WORK_ORDER_EVENTS}defaultPriority: normal`)
    .replace(/^steps:\n/m, `steps:\n${WORK_ORDER_STEPS}`)
    .replace(
      `- when: "category == 'pothole'"\n        next: pothole-repair`,
      `- when: "category == 'pothole'"\n        next: send-pothole-work-order`,
    );
  if (
    patched.split('work-orders.send').length !== 2 ||
    !patched.includes('next: send-pothole-work-order') ||
    !patched.includes('workOrderNumber:\n') ||
    !patched.includes('Número de orden')
  ) {
    throw new Error('service-complaint.yaml changed shape: update test/support/service-complaint-versions.ts');
  }
  return patched;
}

/**
 * The set-up the page tests over HTTP share: the API harness serving the web app too, a building
 * permit filed through the API, and a person signed in through the sign-in form.
 */
import request from 'supertest';
import type { StartedCase } from '../../../api/services';
import { buildWebApp } from '../../../ui/web-app';
import { auth, PASSWORD, startApiEnv, type ApiEnv } from '../../api/support/api-harness';
import { jsonBody } from '../../api/support/json-body';
import { csrfOf } from './csrf';

/** Pages and API side by side on one harness (database, embedded server, worker). */
export function startWebEnv(): Promise<ApiEnv> {
  return startApiEnv({ build: buildWebApp });
}

/** Rosa Builder's kitchen alteration, filed by the permit clerk (building-safety department). */
export async function fileBuildingPermit(env: ApiEnv): Promise<StartedCase> {
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.permitClerk))
    .send({
      definitionId: 'building-permit',
      data: {
        applicantName: 'Rosa Builder',
        applicantEmail: 'rosa@example.org',
        propertyAddress: '200 N Spring St',
        parcelNumber: '5161-003-901',
        workType: 'alteration',
        projectDescription: 'Kitchen',
        valuation: 45000,
        floorArea: 300,
        dwellingUnits: 0,
      },
    });
  expect(created.status).toBe(201);
  return jsonBody<StartedCase>(created);
}

/** Signs `username` in through the sign-in form; the agent keeps the session cookie, `response` is the form's answer. */
export async function signIn(env: Pick<ApiEnv, 'app'>, username: string) {
  const agent = request.agent(env.app.callback());
  const form = await agent.get('/sign-in');
  const response = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(form.text), username, password: PASSWORD });
  expect(response.status).toBe(303);
  return { agent, response };
}

/** An agent signed in as `username`. */
export async function signedInAgent(env: Pick<ApiEnv, 'app'>, username: string) {
  return (await signIn(env, username)).agent;
}

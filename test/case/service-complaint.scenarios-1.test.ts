// Part 1 of 3 of the service-complaint scenarios (split so each file stays well under a minute).
import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('service-complaint', (_scenario, index) => index % 3 === 0);

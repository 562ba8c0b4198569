// Part 1 of 3 of the benefit-application scenarios (split so each file stays well under a minute).
import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('benefit-application', (_scenario, index) => index % 3 === 0);

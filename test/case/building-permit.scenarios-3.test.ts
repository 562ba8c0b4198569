// Part 3 of 3 of the building-permit scenarios (split so each file stays well under a minute).
import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('building-permit', (_scenario, index) => index % 3 === 2);

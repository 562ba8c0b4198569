import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('building-permit');

// Every shipped scenario of the building-permit definition through the real case workflow.
import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('building-permit');

// Every shipped scenario of the benefit-application definition through the real case workflow.
import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('benefit-application');

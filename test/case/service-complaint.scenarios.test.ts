// Every shipped scenario of the service-complaint definition through the real case workflow.
import { describeShippedScenarios } from './support/shipped-scenarios';

describeShippedScenarios('service-complaint');

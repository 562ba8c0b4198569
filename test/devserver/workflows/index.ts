// Test workflows for the devserver conformance suite (bundled once per test file).
export * from './basic-workflows';
export * from './task-workflows';
export * from './activity-workflows';
export * from './timer-workflows';
export * from './child-workflows';
export * from './update-workflows';

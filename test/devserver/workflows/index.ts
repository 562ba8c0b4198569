// Test workflows for the devserver conformance suite (bundled once per test file).
export * from './basic-workflows';

/**
 * A test that makes no assertion passes whatever the code does: every test must call `expect` at
 * least once (a property test's `fc.assert` counts only through the `expect` inside it).
 */
afterEach(() => {
  const { assertionCalls, currentTestName } = expect.getState();
  if (assertionCalls === 0) throw new Error(`"${currentTestName}" made no assertion (no expect call)`);
});

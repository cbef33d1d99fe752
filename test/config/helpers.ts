import { ConfigError } from '../../src/config/errors.js';

/** The ConfigError a promise rejects with (fails the test on success or another error type). */
export async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, got a config');
}

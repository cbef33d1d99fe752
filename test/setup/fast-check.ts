/**
 * Every property test reports the seed and path that replay its failure (fast-check prints them
 * with the counterexample), including when a run hangs or the machine is too loaded to finish:
 * jest's own timeout (30 s) would fail the test with no seed at all.
 * - `timeout`: a run of an async property that takes 5 s (runs take milliseconds) fails with its seed.
 * - `interruptAfterTimeLimit`: after 20 s no new run starts and shrinking stops; a failure found
 *   so far is reported with its seed, and a property with no failure passes on the runs it made
 *   (the slowest property takes about 5 s on a loaded 2-core machine).
 * FC_SEED=<seed> replays a reported seed in every property of the files run.
 */
import fc from 'fast-check';

const seed = process.env['FC_SEED'];
fc.configureGlobal({
  timeout: 5_000,
  interruptAfterTimeLimit: 20_000,
  ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
});

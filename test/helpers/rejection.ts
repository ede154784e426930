// What a promise rejects with, for tests that assert on the error itself.

/** The error a promise rejects with (typed as `E`); fails the test if it resolves. */
export async function failure<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected a failure');
}

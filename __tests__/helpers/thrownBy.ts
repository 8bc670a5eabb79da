/**
 * What `call` throws, for assertions on the error itself; throws (failing the test) when it
 * returns instead, so the assertions that follow can never be skipped.
 */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** What `promise` rejects with; rejects (failing the test) when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

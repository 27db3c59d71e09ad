/**
 * Node-style callbacks on top of promises, with standard-as-callback's semantics (what ioredis
 * uses): the callback runs after the promise settles, gets `(null)` for an undefined result and
 * `(null, value)` otherwise, and an exception thrown by the callback is rethrown on a later macrotask
 * instead of turning into a rejection.
 */
export type Callback<T = unknown> = (err?: Error | null, result?: T) => void;

function throwLater(e: unknown): void {
  setTimeout(() => {
    throw e;
  }, 0);
}

export function asCallback<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> {
  if (typeof callback === 'function') {
    promise.then(
      (value) => {
        try {
          if (value === undefined) callback(null);
          else callback(null, value);
        } catch (e) {
          throwLater(e);
        }
      },
      (cause: unknown) => {
        let err = cause;
        if (!err) {
          const wrapped = new Error(String(cause));
          Object.assign(wrapped, { cause });
          err = wrapped;
        }
        try {
          callback(err as Error);
        } catch (e) {
          throwLater(e);
        }
      },
    );
  }
  return promise;
}

/** ioredis's `print`: a callback that logs the reply or the error. */
export function print(err: Error | null | undefined, reply?: unknown): void {
  if (err) console.log('Error: ' + String(err));
  else console.log('Reply: ' + String(reply));
}

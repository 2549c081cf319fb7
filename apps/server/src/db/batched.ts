/**
 * Turns a function over many inputs into one that takes a single input, so
 * that concurrent callers share one round trip, one plan and one commit
 * (group commit). Calls made while `maxInFlight` runs are busy wait and go
 * together in the next run; a call made when a run is free waits only for the
 * current turn of the event loop, so a lone request is not delayed by a timer,
 * and batches grow exactly as fast as load does.
 *
 * `run` must answer every input in order. When a batch of several fails, each
 * input is run again on its own, so one bad input fails only its own caller.
 */
export function batched<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  opts: { maxBatch: number; maxInFlight: number },
): (input: I) => Promise<O> {
  interface Waiting {
    input: I;
    resolve(output: O): void;
    reject(error: unknown): void;
  }
  let queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = async (batch: Waiting[]): Promise<void> => {
    try {
      const outputs = await run(batch.map((w) => w.input));
      if (outputs.length !== batch.length) throw new Error(`batched run answered ${outputs.length} of ${batch.length} inputs`);
      batch.forEach((w, i) => w.resolve(outputs[i]!));
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else await Promise.all(batch.map((w) => settle([w])));
    }
  };

  const drain = (): void => {
    scheduled = false;
    while (queue.length && inFlight < opts.maxInFlight) {
      const batch = queue.slice(0, opts.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        drain();
      });
    }
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (!scheduled && inFlight < opts.maxInFlight) {
        scheduled = true;
        setImmediate(drain);
      }
    });
}

/** Retries `step` until it succeeds or the bound passes (a cluster electing a new leader; the outbox does the same on reconnect). */
export async function retrying<T>(step: () => Promise<T>, boundMs: number, pauseMs = 250): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

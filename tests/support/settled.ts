/**
 * Like Promise.all, but rethrows the first failure only once every task has ended: a fixture's
 * cleanup must not remove its folder while a sibling task still writes into it (seen: the SoftHSM
 * fixture's rm racing openssl, ENOTEMPTY, and a token folder left behind).
 */
export async function allEnded<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

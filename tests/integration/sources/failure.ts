import { expect } from 'vitest';
import { SourceError } from '../../../src/main/sources/source';
import type { SourceFailure } from '../../../src/shared/domain';

/** The failure a rejected read carried, asserting it is a SourceError that mentions none of `secrets`. */
export async function failureOf(promise: Promise<unknown>, secrets: string[]): Promise<SourceFailure> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SourceError);
  const failure = (error as SourceError).failure;
  const everything = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(failure)}`;
  for (const secret of secrets) expect(everything).not.toContain(secret);
  return failure;
}

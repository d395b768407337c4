import { MongoBulkWriteError, MongoServerError, type WriteError } from 'mongodb';

/** MongoDB's (and FerretDB's) E11000: a unique key is already taken. Our idempotent writes read it as "already there". */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** The per-document errors of a bulk write (the driver gives one error unwrapped); none for any other error. */
export function writeErrorsOf(error: unknown): readonly WriteError[] {
  if (!(error instanceof MongoBulkWriteError)) return [];
  const { writeErrors } = error;
  return Array.isArray(writeErrors) ? writeErrors : [writeErrors as WriteError];
}

import { MongoServerError } from 'mongodb';

/** MongoDB's (and FerretDB's) E11000: a unique key is already taken. Our idempotent writes read it as "already there". */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

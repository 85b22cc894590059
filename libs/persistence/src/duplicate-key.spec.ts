import { mongo } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

const bulkError = (codes: number[]) =>
  new mongo.MongoBulkWriteError(
    { message: 'bulk write failed', code: codes[0], writeErrors: codes.map((code, index) => ({ code, index, errmsg: `code ${code}` })) as unknown as mongo.WriteError[] },
    {} as mongo.BulkWriteResult,
  );

describe('isDuplicateKey', () => {
  it('tells a duplicate key from other server errors', () => {
    expect(isDuplicateKey(new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(true);
    expect(isDuplicateKey(new mongo.MongoServerError({ message: 'bad value', code: 2 }))).toBe(false);
    expect(isDuplicateKey(new Error('E11000 duplicate key'))).toBe(false);
  });

  it('counts a bulk write only when every failed write was a duplicate key', () => {
    expect(isDuplicateKey(bulkError([11000, 11000]))).toBe(true);
    expect(isDuplicateKey(bulkError([11000, 2]))).toBe(false);
  });
});

import { mongo } from 'mongoose';
import { isMongoOutage } from './mongo-outage';

describe('isMongoOutage', () => {
  it('counts driver network errors as an outage', () => {
    expect(isMongoOutage(new mongo.MongoNetworkError('connection closed'))).toBe(true);
    expect(isMongoOutage(new mongo.MongoNetworkTimeoutError('timed out'))).toBe(true);
  });

  it('counts a bare socket error from a write to a closing server as an outage', () => {
    const ended = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(isMongoOutage(ended)).toBe(true);
    expect(isMongoOutage(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it("counts FerretDB's answer for a command cut off by its shutdown as an outage", () => {
    const canceled = new mongo.MongoServerError({ message: '[msg_insert.go:168 handler.(*Handler).MsgInsert] context canceled', code: 1, codeName: 'InternalError' });
    expect(isMongoOutage(canceled)).toBe(true);
    expect(isMongoOutage(new mongo.MongoServerError({ message: 'something broke', code: 1, codeName: 'InternalError' }))).toBe(false);
  });

  it('does not count what the request got wrong', () => {
    expect(isMongoOutage(new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(false);
    expect(isMongoOutage(new Error('something else'))).toBe(false);
  });
});

/**
 * The CommonJS entry: only a default export, which the build's footer turns into `module.exports`,
 * so `require('redis-stub')` is the Redis class itself, with `.default`, `.Redis`, `.ReplyError`,
 * `.Command`, `.Pipeline`, `.ScanStream`, `.print`, `.Engine` and `.ManualClock` attached (the
 * shape `require('ioredis')` has).
 */
import Redis from './index.js';

export default Redis;

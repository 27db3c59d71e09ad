/**
 * The CommonJS entry: `require('redis-stub')` is the Redis class itself, with `.default`,
 * `.Redis`, `.ReplyError`, `.Command`, `.Pipeline`, `.ScanStream`, `.print`, `.Engine` and
 * `.ManualClock` attached (the shape `require('ioredis')` has). Assigned directly rather than
 * through a bundler's default-export interop, so the shape holds whatever the build options.
 */
import Redis from './index.js';

module.exports = Redis;

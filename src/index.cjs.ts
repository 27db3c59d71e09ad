/**
 * The CommonJS entry: only a default export, so the bundle is `module.exports = Redis` and
 * `require('redis-stub')` is the class itself, with `.default`, `.Redis`, `.ReplyError`,
 * `.Command`, `.Pipeline`, `.ScanStream` and `.print` attached (the shape `require('ioredis')` has).
 */
import Redis from './index.js';

export default Redis;

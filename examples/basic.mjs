// npm run example: the main use, replacing a Redis server in a test or a dev environment.
// Runs against the built package (the same `import Redis from 'redis-stub'` an application writes).
import Redis, { Engine } from 'redis-stub';

const redis = new Redis(); // one in-process server per host:port, shared by every client naming it
await redis.set('session:1', 'x', 'EX', 60);
await redis.incrby('hits', 5);
const [[, value], [, ttl]] = await redis.multi().get('session:1').ttl('session:1').exec();
console.log('session:1 =', value, 'ttl =', ttl);

// Errors are Redis's own, as ReplyErrors.
try {
  await redis.incr('session:1');
} catch (err) {
  console.log(`${err.name}: ${err.message}`);
}

// A second client on the same host:port sees the same data.
const other = new Redis();
console.log('hits seen by another client =', await other.get('hits'));

// An isolated server with a clock the test moves.
const engine = new Engine();
const clock = engine.useManualClock();
const isolated = new Redis({ engine });
await isolated.set('token', 'abc', 'PX', 1000);
clock.advance(1001);
console.log('token after 1001 ms =', await isolated.get('token'));

await Promise.all([redis.quit(), other.quit(), isolated.quit()]);
engine.close();

// npm run example:queue: a reliable job queue on two lists, one producer and two workers.
//
// A worker takes a job with BLMOVE, which moves it from the queue to a processing list in one
// atomic step: the job is never only in a worker's memory, so a worker that dies mid-job leaves it
// in `jobs:processing`, where a reaper can find it and push it back. When the job is done the
// worker deletes it from the processing list with LREM. BLMOVE blocks while the queue is empty, so
// each worker has a connection of its own (`duplicate()`), and the producer's LPUSH wakes it.
//
// The producer ends with one "stop" job per worker, queued behind the real ones; a worker that
// takes it leaves, so the script ends by itself. Runs against the built package, as basic.mjs.
import Redis from 'redis-stub';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const QUEUE = 'jobs:queue';
export const PROCESSING = 'jobs:processing';
const STOP = 'stop';

/** Takes jobs until a stop job, each as queue -> processing -> done (LREM). Returns the jobs it did. */
export async function work(redis, name, handle) {
  const done = [];
  for (;;) {
    // Oldest first: the producer pushes on the left, workers take from the right.
    const job = await redis.blmove(QUEUE, PROCESSING, 'RIGHT', 'LEFT', 0);
    if (job !== STOP) {
      await handle(JSON.parse(job), name);
      done.push(JSON.parse(job).id);
    }
    await redis.lrem(PROCESSING, 1, job); // acknowledged: gone from the processing list
    if (job === STOP) return done;
  }
}

/**
 * One producer and two workers on one server. `options` go to `new Redis(options)` (an `engine`
 * for an isolated server); `log` gets a line per event. Returns who did which job and what was
 * left in the queue and processing lists.
 */
export async function runJobQueue({ jobs = 10, options = {}, log = console.log } = {}) {
  const producer = new Redis(options);
  await producer.del(QUEUE, PROCESSING);
  const workers = ['worker-1', 'worker-2'].map((name) => ({ name, redis: producer.duplicate() }));
  await Promise.all(workers.map(({ redis }) => redis.ping())); // connected: they block on an empty queue

  const running = workers.map(({ name, redis }) =>
    work(redis, name, async (job) => {
      log(`${name} took job ${job.id} (${job.task})`);
      await sleep(2 + ((job.id * 7) % 5)); // the work itself: 2-6 ms, so the workers interleave
      log(`${name} finished job ${job.id}`);
    }),
  );

  for (let id = 1; id <= jobs; id++) {
    await producer.lpush(QUEUE, JSON.stringify({ id, task: `resize image ${id}` }));
    log(`producer queued job ${id}`);
  }
  for (let i = 0; i < workers.length; i++) await producer.lpush(QUEUE, STOP);

  const done = await Promise.all(running);
  const result = {
    doneBy: Object.fromEntries(workers.map(({ name }, i) => [name, done[i]])),
    queued: await producer.llen(QUEUE),
    processing: await producer.llen(PROCESSING),
  };
  await Promise.all([producer.quit(), ...workers.map(({ redis }) => redis.quit())]);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { doneBy, queued, processing } = await runJobQueue();
  for (const [name, ids] of Object.entries(doneBy)) console.log(`${name} did jobs ${ids.join(', ')}`);
  console.log(`left in ${QUEUE}: ${queued}, in ${PROCESSING}: ${processing}`);
}

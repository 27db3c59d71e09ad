/**
 * An unmodified BullMQ (6.x) on redis-stub, end to end (issue #8 P6): Queue, Worker, QueueEvents
 * and FlowProducer handed one client instance through `connection`, as an application does with
 * ioredis. BullMQ recognises it as ioredis (connect/disconnect/duplicate + defineCommand), calls
 * `duplicate()` for its blocking connections (Worker, QueueEvents), registers its Lua scripts
 * with `defineCommand`, reads `INFO`, names connections with `CLIENT SETNAME`, waits for jobs with
 * `BZPOPMIN <marker> <fractional seconds>` and for events with `XREAD BLOCK`.
 *
 * The scenarios: plain jobs, a delayed job, priorities (the processing order), a job that fails
 * twice and then succeeds after a fixed backoff, a parent/child flow (the parent runs after its
 * children, with their return values), and QueueEvents seeing the completions. The same flow
 * runs on the oracle (real ioredis -> redis-server) and must end the same way.
 */
import type { ConnectionOptions } from 'bullmq';
import { FlowProducer, type Job, Queue, QueueEvents, Worker, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { oraclePort } from '../support/oracle.js';

/** The client the application hands to BullMQ (ioredis or redis-stub), and how to end its server. */
interface Server {
  connection: { quit(): Promise<unknown>; disconnect(): void; flushall(): Promise<unknown>; client(...args: string[]): Promise<unknown> };
  close(): void;
}

function stubServer(): Server {
  const engine = new Engine();
  // BullMQ's blocking users (Worker, QueueEvents) refuse an instance whose maxRetriesPerRequest is set.
  const connection = new Redis({ engine, maxRetriesPerRequest: null });
  return { connection: connection as unknown as Server['connection'], close: () => engine.close() };
}

function realServer(port: number): Server {
  const connection = new IORedis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  return { connection: connection as unknown as Server['connection'], close: () => {} };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const DELAY_MS = 300;
const BACKOFF_MS = 100;

/** What the flow saw, without times or IDs, so the stub's and the oracle's can be compared. */
interface Outcome {
  plain: { returnValues: number[]; completed: number; eventsCompleted: number; eventsReturnValues: number[] };
  delayed: { stateAfterAdd: string; finalState: string; waitedAtLeastTheDelay: boolean; returnValue: unknown };
  priority: { order: string[]; counts: Record<string, number> };
  retry: { calls: number; failedEvents: string[]; finalState: string; attemptsMade: number; returnValue: unknown; backoffRespected: boolean };
  flow: {
    parentStateBeforeChildren: string;
    order: string[];
    parentReturnValue: unknown;
    childrenValues: unknown[];
    parentState: string;
    parentAfterChildren: boolean;
    eventsCompleted: string[];
  };
  /** Connections other than the application's (BullMQ's duplicates) before closing, and still open once everything BullMQ made is closed. */
  openBeforeClose: number;
  leftOpen: number;
}

async function bullmqFlow(server: Server): Promise<Outcome> {
  const connection = server.connection as unknown as ConnectionOptions;
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  };
  const track = <T extends { close(): Promise<unknown> }>(x: T): T => {
    closers.push(() => x.close());
    return x;
  };
  // An error a Worker or QueueEvents reports (a script failing on the server, say) fails the run
  // at once, with that error. A Worker whose next-job fetch fails emits 'error' and tries again
  // straight away: on a client whose replies are already-settled promises that retry loop never
  // yields to timers, so the worker is closed on its first error instead of left spinning.
  const errors: Error[] = [];
  const onError = (e: Error) => void errors.push(e);
  const startWorker = <D, R>(name: string, processor: (job: Job<D>) => Promise<R>, opts: Partial<WorkerOptions> = {}) => {
    const worker = track(new Worker<D, R>(name, processor, { connection, ...opts }));
    worker.on('error', (e) => {
      errors.push(e);
      void worker.close();
    });
    return worker;
  };
  const until = async (what: string, condition: () => boolean | Promise<boolean>, ms = 8000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (errors.length) throw errors[0];
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  };

  try {
    await server.connection.flushall();

    // QueueEvents from the start of the stream ('0'), so no event can slip by before its first XREAD.
    const plainEvents = track(new QueueEvents('plain', { connection, lastEventId: '0' }));
    const flowEvents = track(new QueueEvents('flow', { connection, lastEventId: '0' }));
    plainEvents.on('error', onError);
    flowEvents.on('error', onError);
    const plainCompleted: number[] = [];
    plainEvents.on('completed', ({ returnvalue }) => plainCompleted.push(returnvalue as unknown as number));
    const flowCompleted: string[] = [];
    flowEvents.on('completed', ({ jobId }) => flowCompleted.push(jobId));
    await plainEvents.waitUntilReady();
    await flowEvents.waitUntilReady();

    // ---- plain add + process ----
    const plainQueue = track(new Queue('plain', { connection }));
    const plainDone: number[] = [];
    const plainWorker = startWorker('plain', async (job: Job<{ x: number }>) => job.data.x * 2, { concurrency: 2 });
    plainWorker.on('completed', (_job, result: number) => plainDone.push(result));
    for (let x = 1; x <= 5; x++) await plainQueue.add('double', { x });
    await until('5 plain jobs completed', () => plainDone.length === 5);
    await until('QueueEvents saw 5 completions', () => plainCompleted.length === 5);
    const plain = {
      returnValues: [...plainDone].sort((a, b) => a - b),
      completed: await plainQueue.getCompletedCount(),
      eventsCompleted: plainCompleted.length,
      eventsReturnValues: [...plainCompleted].sort((a, b) => a - b),
    };

    // ---- a delayed job ----
    const delayedQueue = track(new Queue('delayed', { connection }));
    startWorker('delayed', async () => 'late');
    const delayedJob = await delayedQueue.add('later', {}, { delay: DELAY_MS });
    const stateAfterAdd = await delayedJob.getState();
    await until('the delayed job completed', async () => (await delayedJob.getState()) === 'completed');
    const doneDelayed = (await delayedQueue.getJob(delayedJob.id!))!;
    const delayed = {
      stateAfterAdd,
      finalState: await doneDelayed.getState(),
      waitedAtLeastTheDelay: doneDelayed.processedOn! - doneDelayed.timestamp >= DELAY_MS,
      returnValue: doneDelayed.returnvalue,
    };

    // ---- priorities: queued before any worker runs, then done one at a time ----
    const priorityQueue = track(new Queue('priority', { connection }));
    for (const [name, priority] of [
      ['p5', 5],
      ['p1', 1],
      ['p3', 3],
      ['p1b', 1],
      ['p2', 2],
    ] as const) {
      await priorityQueue.add(name, {}, { priority });
    }
    const counts = await priorityQueue.getJobCounts('prioritized', 'waiting', 'completed');
    const order: string[] = [];
    startWorker('priority', async (job) => void order.push(job.name), { concurrency: 1 });
    await until('5 prioritized jobs done', () => order.length === 5);
    const priority = { order, counts };

    // ---- fails twice, then succeeds after a fixed backoff ----
    const retryQueue = track(new Queue('retry', { connection }));
    const attemptTimes: number[] = [];
    const retryWorker = startWorker('retry', async (job) => {
      attemptTimes.push(Date.now());
      if (job.attemptsMade < 2) throw new Error(`attempt ${job.attemptsMade + 1} failed`);
      return 'third time lucky';
    });
    const failedEvents: string[] = [];
    retryWorker.on('failed', (_job, err) => failedEvents.push(err.message));
    const retryJob = await retryQueue.add('flaky', {}, { attempts: 3, backoff: { type: 'fixed', delay: BACKOFF_MS } });
    await until('the flaky job completed', async () => (await retryJob.getState()) === 'completed');
    const doneRetry = (await retryQueue.getJob(retryJob.id!))!;
    const retry = {
      calls: attemptTimes.length,
      failedEvents,
      finalState: await doneRetry.getState(),
      attemptsMade: doneRetry.attemptsMade,
      returnValue: doneRetry.returnvalue,
      backoffRespected: attemptTimes.slice(1).every((t, i) => t - attemptTimes[i]! >= BACKOFF_MS - 5),
    };

    // ---- a parent with children (FlowProducer) ----
    const flowProducer = track(new FlowProducer({ connection }));
    const flowQueue = track(new Queue('flow', { connection }));
    const flowOrder: string[] = [];
    const finishedOn = new Map<string, number>();
    const childWorker = startWorker(
      'flow-children',
      async (job: Job<{ n: number }>) => {
        flowOrder.push(job.name);
        return job.data.n * 10;
      },
      { autorun: false },
    );
    childWorker.on('completed', (job) => finishedOn.set(job.name, job.finishedOn!));
    startWorker('flow', async (job) => {
      flowOrder.push(job.name);
      const values = Object.values(await job.getChildrenValues<number>());
      return { sum: values.reduce((a, b) => a + b, 0), children: values.length };
    });
    const tree = await flowProducer.add({
      name: 'parent',
      queueName: 'flow',
      children: [1, 2, 3].map((n) => ({ name: `child${n}`, queueName: 'flow-children', data: { n } })),
    });
    const parentJob = tree.job;
    const parentStateBeforeChildren = await parentJob.getState();
    void childWorker.run();
    await until('the parent completed', async () => (await parentJob.getState()) === 'completed');
    await until('QueueEvents saw the parent complete', () => flowCompleted.includes(parentJob.id!));
    const doneParent = (await flowQueue.getJob(parentJob.id!))!;
    const flow = {
      parentStateBeforeChildren,
      order: flowOrder,
      parentReturnValue: doneParent.returnvalue,
      childrenValues: Object.values(await doneParent.getChildrenValues()).sort(),
      parentState: await doneParent.getState(),
      parentAfterChildren: [...finishedOn.values()].every((t) => doneParent.processedOn! >= t),
      eventsCompleted: flowCompleted.map((id) => (id === parentJob.id ? 'parent' : id)),
    };

    expect(errors).toEqual([]);

    // Closing every Worker, QueueEvents, Queue and FlowProducer closes every connection BullMQ
    // opened (its duplicates); only the application's own is left, for it to quit. (The server
    // is this run's alone: a fresh engine, or the test file's own oracle.)
    const othersOpen = async () => String(await server.connection.client('LIST')).trim().split('\n').length - 1;
    const openBeforeClose = await othersOpen();
    await closeAll();
    await until('BullMQ closed its connections', async () => (await othersOpen()) === 0, 3000).catch(() => {});
    const leftOpen = await othersOpen();
    return { plain, delayed, priority, retry, flow, openBeforeClose, leftOpen };
  } finally {
    // Workers and event listeners first (they hold duplicated connections), then queues; the
    // application's own connection is never closed by BullMQ, so we quit it ourselves.
    await closeAll();
    await server.connection.quit().catch(() => server.connection.disconnect());
    server.close();
  }
}

function expectBullmqOutcome(o: Outcome): void {
  // A duplicate per QueueEvents (2) and a blocking duplicate per Worker (6); none left after closing.
  expect([o.openBeforeClose, o.leftOpen]).toEqual([8, 0]);
  expect(o.plain).toEqual({ returnValues: [2, 4, 6, 8, 10], completed: 5, eventsCompleted: 5, eventsReturnValues: [2, 4, 6, 8, 10] });
  expect(o.delayed).toEqual({ stateAfterAdd: 'delayed', finalState: 'completed', waitedAtLeastTheDelay: true, returnValue: 'late' });
  expect(o.priority).toEqual({ order: ['p1', 'p1b', 'p2', 'p3', 'p5'], counts: { prioritized: 5, waiting: 0, completed: 0 } });
  expect(o.retry).toEqual({
    calls: 3,
    failedEvents: ['attempt 1 failed', 'attempt 2 failed'],
    finalState: 'completed',
    attemptsMade: 3,
    returnValue: 'third time lucky',
    backoffRespected: true,
  });
  expect(o.flow.parentStateBeforeChildren).toBe('waiting-children');
  expect(o.flow.order.slice(0, 3).sort()).toEqual(['child1', 'child2', 'child3']);
  expect(o.flow.order[3]).toBe('parent');
  expect(o.flow).toMatchObject({
    parentReturnValue: { sum: 60, children: 3 },
    childrenValues: [10, 20, 30],
    parentState: 'completed',
    parentAfterChildren: true,
    eventsCompleted: ['parent'],
  });
}

/** The oracle's run, kept for the stub's to be compared with (tests in a file run in order). */
let realOutcome: Outcome | undefined;

describe('BullMQ end to end: Queue + Worker + QueueEvents + FlowProducer', () => {
  it.skipIf(oraclePort() === undefined)('the oracle (ioredis -> redis-server): every job completes with the expected counts', async () => {
    realOutcome = await bullmqFlow(realServer(oraclePort()!));
    expectBullmqOutcome(realOutcome);
  });

  it('redis-stub: every job completes with the expected counts, and the run ends as it does on redis-server', async () => {
    const stub = await bullmqFlow(stubServer());
    expectBullmqOutcome(stub);
    if (oraclePort() !== undefined) {
      realOutcome ??= await bullmqFlow(realServer(oraclePort()!));
      expect(stub).toEqual(realOutcome);
    }
  });
});

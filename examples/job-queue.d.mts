// Types of job-queue.mjs, for the test that runs its flow (test/examples/job-queue.test.ts).
export declare const QUEUE: string;
export declare const PROCESSING: string;
export interface Job {
  id: number;
  task: string;
}
export declare function work(redis: unknown, name: string, handle: (job: Job, name: string) => Promise<void>): Promise<number[]>;
export declare function runJobQueue(params?: { jobs?: number; options?: Record<string, unknown>; log?: (line: string) => void }): Promise<{
  doneBy: Record<string, number[]>;
  queued: number;
  processing: number;
}>;

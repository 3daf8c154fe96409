// Worker thread entry: scans the tasks the coordinator sends, one at a time, with its own matcher.
// The fingerprint key arrives in workerData and stays in this thread's memory.
import { parentPort, workerData } from 'node:worker_threads';
import { runTask } from './file-scan.js';
import { fingerprinter } from './fingerprint.js';
import { createMatcher, type MatchOptions } from './matcher.js';
import type { ReadSettings, Task } from './types.js';

export type WorkerInit = {
  match: Omit<MatchOptions, 'fingerprint'>;
  key: Uint8Array;
  read: ReadSettings;
};

function main(): void {
  const port = parentPort;
  if (port === null) return;
  const init = workerData as WorkerInit;
  const matcher = createMatcher({ ...init.match, fingerprint: fingerprinter(init.key) });
  port.on('message', (task: Task) => {
    void runTask(task, matcher, init.read).then((result) => {
      port.postMessage(result);
    });
  });
}

main();

// The replay store contract, run against the in-memory LRU and the SQLite store (better-sqlite3@12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryReplayStore, createSqliteReplayStore, type ReplayStore } from './index.js';

async function contract(store: ReplayStore): Promise<void> {
  const t0 = 1_000_000;
  assert.equal(await store.begin('a', t0 + 60_000, t0), 'new');
  assert.equal(await store.begin('a', t0 + 60_000, t0 + 1), 'in-progress', 'a running delivery is not new');
  await store.complete('a', t0 + 3_600_000);
  assert.equal(await store.begin('a', t0 + 70_000, t0 + 10_000), 'done');
  assert.equal(await store.begin('a', t0 + 70_000, t0 + 3_599_999), 'done');
  assert.equal(
    await store.begin('a', t0 + 3_700_000, t0 + 3_600_000),
    'new',
    'expired entries are taken over',
  );

  assert.equal(await store.begin('b', t0 + 60_000, t0), 'new');
  await store.release('b');
  assert.equal(await store.begin('b', t0 + 60_000, t0), 'new', 'a failed delivery is handled again');
  await store.complete('b', t0 + 3_600_000);
  await store.release('b');
  assert.equal(await store.begin('b', t0 + 60_000, t0), 'done', 'release does not forget a handled delivery');

  assert.equal(await store.begin('c', t0 + 60_000, t0), 'new');
  assert.equal(await store.begin('c', t0 + 120_000, t0 + 60_000), 'new', 'a stuck in-progress mark expires');
}

test('memory store: the replay contract', async () => {
  await contract(createMemoryReplayStore());
});

test('memory store: bounded, least recently used first', () => {
  const store = createMemoryReplayStore({ maxEntries: 3 });
  for (const key of ['k1', 'k2', 'k3']) assert.equal(store.begin(key, 10, 0), 'new');
  assert.equal(store.begin('k1', 10, 0), 'in-progress', 'k1 is used again, so k2 is now the oldest');
  assert.equal(store.begin('k4', 10, 0), 'new');
  assert.equal(store.begin('k2', 10, 0), 'new', 'k2 was evicted');
  assert.equal(store.begin('k1', 10, 0), 'in-progress');
  for (let i = 0; i < 10_000; i++) store.begin(`x${i}`, 10, 0);
  assert.equal(store.begin('k1', 10, 0), 'new', 'never more than maxEntries remembered');
  assert.throws(() => createMemoryReplayStore({ maxEntries: 0 }), RangeError);
});

test('sqlite store: the replay contract, in memory and in a file', async () => {
  const memory = await createSqliteReplayStore({ filename: ':memory:' });
  await contract(memory);
  memory.close();
  const dir = mkdtempSync(join(tmpdir(), 'cdeguard-replay-'));
  try {
    const store = await createSqliteReplayStore({ filename: join(dir, 'replay.db'), table: 'deliveries' });
    await contract(store);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite store: shared by two connections, persistent, and purged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdeguard-replay-'));
  try {
    const filename = join(dir, 'replay.db');
    const one = await createSqliteReplayStore({ filename });
    const two = await createSqliteReplayStore({ filename });
    assert.equal(await one.begin('shop.myshopify.com id-1', 100, 0), 'new');
    assert.equal(
      await two.begin('shop.myshopify.com id-1', 100, 0),
      'in-progress',
      'the other process sees the claim',
    );
    await one.complete('shop.myshopify.com id-1', 1_000_000);
    one.close();
    two.close();
    const reopened = await createSqliteReplayStore({ filename });
    assert.equal(await reopened.begin('shop.myshopify.com id-1', 100, 50), 'done', 'survives a restart');
    // Enough begins to trigger a purge of expired rows; expired keys are new again either way.
    for (let i = 0; i < 600; i++) assert.equal(await reopened.begin(`old-${i}`, 10, 0), 'new');
    for (let i = 0; i < 300; i++) assert.equal(await reopened.begin(`later-${i}`, 2_000, 1_000), 'new');
    assert.equal(await reopened.begin('old-1', 3_000, 1_000), 'new');
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite store: table names are checked, not interpolated blindly', async () => {
  await assert.rejects(
    createSqliteReplayStore({ filename: ':memory:', table: 'x; DROP TABLE y' }),
    RangeError,
  );
});

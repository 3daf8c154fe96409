// Remembers which webhook deliveries were seen, so a duplicate or a replay is not handled twice.
// The interface is small enough for Redis or a database table; an in-memory LRU is the default.

/** What the store knew about a delivery before `begin`: nothing, a handler still running, or handled. */
export type DeliveryState = 'new' | 'in-progress' | 'done';

type Awaitable<T> = T | Promise<T>;

/**
 * A TTL store keyed by delivery. Implementations must make `begin` atomic: two concurrent calls for
 * one key must not both see `new`.
 */
export type ReplayStore = {
  /** If the key is unknown or expired, record it as in progress until `expiresAt` and answer `new`. */
  begin(key: string, expiresAt: number, now: number): Awaitable<DeliveryState>;
  /** The handler succeeded: keep the key as done until `expiresAt`. */
  complete(key: string, expiresAt: number): Awaitable<void>;
  /** The handler failed: forget the key so Shopify's retry is handled. */
  release(key: string): Awaitable<void>;
};

export type MemoryReplayStoreOptions = {
  /** Upper bound on remembered deliveries; the least recently seen go first. Default 10,000. */
  maxEntries?: number;
};

type Entry = { state: 'in-progress' | 'done'; expiresAt: number };

/**
 * A bounded in-memory store for one process. Evicting an unexpired entry forgets a delivery early, so
 * size it above the deliveries you receive within the TTL; use a shared store for several processes.
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError('maxEntries must be a positive integer');
  // A Map iterates in insertion order; re-inserting on use makes its first key the least recently used.
  const entries = new Map<string, Entry>();
  return {
    begin(key, expiresAt, now) {
      const seen = entries.get(key);
      if (seen !== undefined && seen.expiresAt > now) {
        entries.delete(key);
        entries.set(key, seen);
        return seen.state;
      }
      entries.delete(key);
      entries.set(key, { state: 'in-progress', expiresAt });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
      return 'new';
    },
    complete(key, expiresAt) {
      entries.delete(key);
      entries.set(key, { state: 'done', expiresAt });
    },
    release(key) {
      if (entries.get(key)?.state === 'in-progress') entries.delete(key);
    },
  };
}

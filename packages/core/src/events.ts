/**
 * Typed lifecycle events and async-iterable subscriptions.
 * @module
 */
import { AbortError } from './errors.js';

/** Detail values of each domain lifecycle event type (libvirt's `virDomainEvent*DetailType`). */
export interface DomainEventDetails {
  /** The domain was defined or its definition updated. */
  defined: 'added' | 'updated' | 'renamed' | 'from-snapshot';
  /** The persistent definition was removed. */
  undefined: 'removed' | 'renamed';
  /** The domain started. */
  started: 'booted' | 'migrated' | 'restored' | 'from-snapshot' | 'wakeup';
  /** vCPUs were paused. */
  suspended: 'paused' | 'migrated' | 'ioerror' | 'watchdog' | 'restored' | 'from-snapshot' | 'api-error' | 'postcopy' | 'postcopy-failed';
  /** vCPUs resumed. */
  resumed: 'unpaused' | 'migrated' | 'from-snapshot' | 'postcopy';
  /** The domain stopped. */
  stopped: 'shutdown' | 'destroyed' | 'crashed' | 'migrated' | 'saved' | 'failed' | 'from-snapshot';
  /** The guest shut down (QEMU may still be running). */
  shutdown: 'finished' | 'guest' | 'host';
  /** The guest entered a power-management sleep state. */
  pmsuspended: 'memory' | 'disk';
  /** The guest crashed. */
  crashed: 'panicked' | 'crashloaded';
  /** The guest or host rebooted the domain. */
  reboot: 'guest' | 'host';
  /** A device was hot-plugged. */
  'device-added': 'device';
  /** A device was hot-unplugged. */
  'device-removed': 'device';
  /** A migration finished. */
  migrated: 'completed' | 'failed';
}

/** A domain lifecycle event type. */
export type DomainEventType = keyof DomainEventDetails;

/** Identity of the object an event is about. */
export interface EventObjectRef {
  /** Object name. */
  name: string;
  /** Object UUID. */
  uuid: string;
}

/** A domain event; `detail` is narrowed by `type`. */
export type DomainEvent = {
  [T in DomainEventType]: {
    /** Event family. */
    kind: 'domain';
    /** Event type. */
    type: T;
    /** libvirt-style detail. */
    detail: DomainEventDetails[T];
    /** The domain. */
    domain: EventObjectRef;
    /** Device alias for device-added/removed events. */
    device?: string;
    /** Milliseconds since the epoch. */
    timestamp: number;
  };
}[DomainEventType];

/** Network lifecycle event types. */
export type NetworkEventType = 'defined' | 'undefined' | 'started' | 'stopped';

/** A network lifecycle event. */
export interface NetworkEvent {
  /** Event family. */
  kind: 'network';
  /** Event type. */
  type: NetworkEventType;
  /** The network. */
  network: EventObjectRef;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** Storage pool lifecycle event types. */
export type StoragePoolEventType = 'defined' | 'undefined' | 'started' | 'stopped' | 'created' | 'deleted';

/** A storage pool lifecycle event. */
export interface StoragePoolEvent {
  /** Event family. */
  kind: 'storage-pool';
  /** Event type. */
  type: StoragePoolEventType;
  /** The pool. */
  pool: EventObjectRef;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** Any event polyvisor delivers. */
export type PolyvisorEvent = DomainEvent | NetworkEvent | StoragePoolEvent;

/** Which events a subscription receives; every given field must match. */
export interface EventFilter {
  /** Event families to receive (default: all). */
  kinds?: Array<PolyvisorEvent['kind']>;
  /** Event types to receive, e.g. `['started', 'stopped']` (default: all). */
  types?: string[];
  /** Only events about this domain (name or UUID). */
  domain?: string;
  /** Only events about this network (name or UUID). */
  network?: string;
  /** Only events about this storage pool (name or UUID). */
  pool?: string;
}

/** Options of an event subscription. */
export interface SubscribeOptions extends EventFilter {
  /** Ends the iteration when aborted. */
  signal?: AbortSignal;
  /** Queue bound; the oldest events are dropped past it (default 10000). `dropped` counts them. */
  maxQueue?: number;
}

/** Builds a domain event object with the current timestamp. */
export function domainEvent<T extends DomainEventType>(type: T, detail: DomainEventDetails[T], domain: EventObjectRef, extra: { device?: string } = {}): DomainEvent {
  return { kind: 'domain', type, detail, domain: { name: domain.name, uuid: domain.uuid }, timestamp: Date.now(), ...extra } as DomainEvent;
}

/** True when `ev` passes `filter`. */
export function matchesFilter(ev: PolyvisorEvent, filter: EventFilter): boolean {
  if (filter.kinds && !filter.kinds.includes(ev.kind)) return false;
  if (filter.types && !filter.types.includes(ev.type)) return false;
  const ref = (want: string | undefined, obj: EventObjectRef | undefined): boolean => want === undefined || (obj !== undefined && (obj.name === want || obj.uuid === want));
  if (filter.domain !== undefined && !(ev.kind === 'domain' && ref(filter.domain, ev.domain))) return false;
  if (filter.network !== undefined && !(ev.kind === 'network' && ref(filter.network, ev.network))) return false;
  if (filter.pool !== undefined && !(ev.kind === 'storage-pool' && ref(filter.pool, ev.pool))) return false;
  return true;
}

/** An async-iterable subscription with its own queue; breaking out of `for await` unsubscribes. */
export interface QueuedSubscription<T> extends AsyncIterableIterator<T> {
  /** Number of events dropped because the queue was full. */
  readonly dropped: number;
  /** Ends the subscription; pending `next()` calls resolve as done. */
  close(): void;
}

/** An async-iterable subscription to polyvisor events. */
export type EventSubscription = QueuedSubscription<PolyvisorEvent>;

/**
 * Turns a push source into an async iterable with its own bounded queue.
 * `register(push)` starts delivery and returns the function that stops it;
 * the subscription stops it when closed, when the loop breaks, or when
 * `signal` aborts (a pending `next()` then rejects with `ABORTED`). Used for
 * polyvisor events and, by drivers, for their own protocol events.
 */
export function createQueuedSubscription<T>(register: (push: (item: T) => void) => () => void, options: { signal?: AbortSignal; maxQueue?: number } = {}): QueuedSubscription<T> {
  const queue: T[] = [];
  const waiters: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  const maxQueue = options.maxQueue ?? 10000;
  let done = false;
  let failure: unknown;
  let dropped = 0;
  let unregister: (() => void) | undefined;
  const finish = (err?: unknown) => {
    if (done) return;
    done = true;
    failure = err;
    unregister?.();
    options.signal?.removeEventListener('abort', onAbort);
    const pending = waiters.splice(0);
    // A pending next() takes the error; later calls just see the end.
    if (err && pending.length) failure = undefined;
    for (const w of pending) {
      if (err) w.reject(err);
      else w.resolve({ value: undefined, done: true });
    }
  };
  const onAbort = () => finish(new AbortError('subscription aborted', { cause: options.signal?.reason }));
  unregister = register((item) => {
    if (done) return;
    const w = waiters.shift();
    if (w) w.resolve({ value: item, done: false });
    else {
      queue.push(item);
      if (queue.length > maxQueue) {
        queue.shift();
        dropped++;
      }
    }
  });
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const it: QueuedSubscription<T> = {
    get dropped() {
      return dropped;
    },
    close: () => finish(),
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) {
        if (failure) {
          const f = failure;
          failure = undefined;
          return Promise.reject(f);
        }
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    return: () => {
      finish();
      queue.length = 0;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/**
 * Fan-out point for events: each subscriber gets its own queue and filter.
 * Drivers publish into it; it outlives any one driver transport, so
 * subscriptions survive a reconnect.
 */
export class EventHub {
  private readonly subs = new Set<(ev: PolyvisorEvent) => void>();

  /** Number of live subscriptions. */
  get size(): number {
    return this.subs.size;
  }

  /** Delivers an event to every matching subscriber. */
  publish(ev: PolyvisorEvent): void {
    for (const s of [...this.subs]) s(ev);
  }

  /** Registers a plain callback; returns the unsubscribe function. */
  listen(fn: (ev: PolyvisorEvent) => void, filter: EventFilter = {}): () => void {
    const wrapped = (ev: PolyvisorEvent) => {
      if (matchesFilter(ev, filter)) fn(ev);
    };
    this.subs.add(wrapped);
    return () => this.subs.delete(wrapped);
  }

  /** Creates an async-iterable subscription with its own queue. */
  subscribe(options: SubscribeOptions = {}): EventSubscription {
    return createQueuedSubscription<PolyvisorEvent>((push) => this.listen(push, options), options);
  }
}

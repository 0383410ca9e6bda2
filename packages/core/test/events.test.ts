import { describe, expect, it } from 'vitest';
import { EventHub, domainEvent, matchesFilter, PolyvisorError, type PolyvisorEvent } from '@polyvisor/core';

const a = { name: 'a', uuid: '11111111-1111-1111-1111-111111111111' };
const b = { name: 'b', uuid: '22222222-2222-2222-2222-222222222222' };

describe('EventHub', () => {
  it('gives each subscriber its own queue and filter', async () => {
    const hub = new EventHub();
    const all = hub.subscribe();
    const onlyA = hub.subscribe({ domain: 'a', types: ['started'] });
    hub.publish(domainEvent('started', 'booted', a));
    hub.publish(domainEvent('started', 'booted', b));
    hub.publish(domainEvent('stopped', 'destroyed', a));
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await all.next();
      got.push(`${(r.value as PolyvisorEvent & { kind: 'domain' }).domain.name}:${r.value!.type}`);
    }
    expect(got).toEqual(['a:started', 'b:started', 'a:stopped']);
    const r = await onlyA.next();
    expect(r.value).toMatchObject({ type: 'started', detail: 'booted', domain: a });
    all.close();
    onlyA.close();
    expect(hub.size).toBe(0);
  });

  it('unsubscribes when a for-await loop breaks', async () => {
    const hub = new EventHub();
    const sub = hub.subscribe();
    setTimeout(() => hub.publish(domainEvent('started', 'booted', a)), 5);
    for await (const ev of sub) {
      expect(ev.type).toBe('started');
      break;
    }
    expect(hub.size).toBe(0);
  });

  it('rejects a pending next() with ABORTED when the signal fires', async () => {
    const hub = new EventHub();
    const ac = new AbortController();
    const sub = hub.subscribe({ signal: ac.signal });
    const p = sub.next();
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    expect(hub.size).toBe(0);
    await expect(sub.next()).resolves.toMatchObject({ done: true });
  });

  it('bounds the queue and counts drops', async () => {
    const hub = new EventHub();
    const sub = hub.subscribe({ maxQueue: 2 });
    for (let i = 0; i < 5; i++) hub.publish(domainEvent('started', 'booted', { name: `d${i}`, uuid: a.uuid }));
    expect(sub.dropped).toBe(3);
    expect(((await sub.next()).value as { domain: { name: string } }).domain.name).toBe('d3');
    sub.close();
  });

  it('filters by kind, network and pool', () => {
    const net: PolyvisorEvent = { kind: 'network', type: 'started', network: a, timestamp: 0 };
    expect(matchesFilter(net, { kinds: ['domain'] })).toBe(false);
    expect(matchesFilter(net, { network: 'a' })).toBe(true);
    expect(matchesFilter(net, { network: a.uuid })).toBe(true);
    expect(matchesFilter(net, { pool: 'a' })).toBe(false);
    expect(matchesFilter(domainEvent('stopped', 'crashed', b), { domain: 'a' })).toBe(false);
  });

  it('a throwing listener does not stop delivery to others', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    hub.listen(() => seen.push('first'));
    const sub = hub.subscribe();
    hub.publish(domainEvent('started', 'booted', a));
    expect(seen).toEqual(['first']);
    sub.close();
    expect(PolyvisorError).toBeDefined();
  });
});

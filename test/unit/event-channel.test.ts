import { describe, expect, it } from 'vitest';
import { EventChannel } from '../../src-main/engine/connectors/event-channel.ts';
import { forEachConcurrent } from '../../src-main/engine/connectors/concurrency.ts';

describe('EventChannel', () => {
  it('delivers items in order from concurrent producers and blocks producers at capacity', async () => {
    const channel = new EventChannel<number>(2);
    let pushed = 0;
    const producer = (async () => {
      for (let i = 0; i < 5; i++) {
        await channel.push(i);
        pushed++;
      }
      channel.close();
    })();
    await new Promise((r) => setTimeout(r, 10));
    expect(pushed).toBe(2); // the consumer has not read yet
    const received: number[] = [];
    for await (const item of channel) received.push(item);
    await producer;
    expect(received).toEqual([0, 1, 2, 3, 4]);
  });

  it('hands the consumer the producer failure after the queued items', async () => {
    const channel = new EventChannel<string>(10);
    await channel.push('a');
    channel.fail(new Error('boom'));
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const item of channel) received.push(item);
      })(),
    ).rejects.toThrow('boom');
    expect(received).toEqual(['a']);
  });
});

describe('forEachConcurrent', () => {
  it('bounds concurrency and settles in-flight work before reporting the first error', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let finished = 0;
    await expect(
      forEachConcurrent([1, 2, 3, 4, 5, 6], 2, async (n) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        finished++;
        if (n === 2) throw new Error('second failed');
      }),
    ).rejects.toThrow('second failed');
    expect(maxInFlight).toBe(2);
    expect(inFlight).toBe(0);
    expect(finished).toBeLessThan(6); // no new items after the failure
  });
});

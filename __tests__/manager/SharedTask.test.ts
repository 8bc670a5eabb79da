import { getEventListeners } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { ABANDONED, SharedTask, untilAborted } from '../../src/manager/SharedTask.js';
import { Deferred } from '../helpers/Deferred.js';

describe('SharedTask', () => {
  describe('.join', () => {
    it('should give every waiter the one result', async () => {
      const answer = new Deferred<number>();
      let runs = 0;
      const task = new SharedTask(() => {
        runs++;
        return answer.promise;
      });
      const waits = [task.join(), task.join()];
      answer.resolve(7);
      expect(await Promise.all(waits)).toEqual([7, 7]);
      expect(runs).toBe(1);
    });

    it('should pass a rejection on to every waiter', async () => {
      const answer = new Deferred<number>();
      const task = new SharedTask(() => answer.promise);
      const wait = task.join();
      answer.reject(new Error('boom'));
      await expect(wait).rejects.toThrow('boom');
    });

    it('should reject at once for a signal that is already aborted, without counting it as a waiter', async () => {
      const answer = new Deferred<number>();
      let signal: AbortSignal | undefined;
      const task = new SharedTask((s) => {
        signal = s;
        return answer.promise;
      });
      await expect(task.join(AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
      expect(signal?.aborted).toBe(false);
      expect(task.abandoned).toBe(false);
    });

    it('should abort the task with ABANDONED when the last waiter leaves, not before', async () => {
      const answer = new Deferred<number>();
      let signal: AbortSignal | undefined;
      const task = new SharedTask((s) => {
        signal = s;
        return answer.promise;
      });
      const one = new AbortController();
      const two = new AbortController();
      const first = task.join(one.signal);
      const second = task.join(two.signal);
      one.abort(new Error('one'));
      await expect(first).rejects.toThrow('one');
      expect(signal?.aborted).toBe(false);
      two.abort(new Error('two'));
      await expect(second).rejects.toThrow('two');
      expect(signal?.reason).toBe(ABANDONED);
      expect(task.abandoned).toBe(true);
    });

    it('should not abort a task that already finished when its waiters leave', async () => {
      let signal: AbortSignal | undefined;
      const task = new SharedTask((s) => {
        signal = s;
        return Promise.resolve(1);
      });
      expect(await task.join()).toBe(1);
      expect(signal?.aborted).toBe(false);
    });

    it("should leave no listener on the caller's signal once the task has settled", async () => {
      const caller = new AbortController();
      const task = new SharedTask(() => Promise.resolve(1));
      expect(await task.join(caller.signal)).toBe(1);
      expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    });
  });

  describe('.abort', () => {
    it('should abort a running task with ABANDONED', () => {
      let signal: AbortSignal | undefined;
      const task = new SharedTask((s) => {
        signal = s;
        return new Deferred<number>().promise;
      });
      task.abort();
      expect(signal?.reason).toBe(ABANDONED);
      expect(task.abandoned).toBe(true);
    });

    it('should leave a task that already finished as it was, so it is not taken for abandoned', async () => {
      let signal: AbortSignal | undefined;
      const task = new SharedTask((s) => {
        signal = s;
        return Promise.resolve(1);
      });
      expect(await task.join()).toBe(1);
      task.abort();
      expect(signal?.aborted).toBe(false);
      expect(task.abandoned).toBe(false);
    });
  });
});

describe('untilAborted', () => {
  it('should settle like the promise when the signal stays quiet', async () => {
    await expect(untilAborted(Promise.resolve('ok'), new AbortController().signal)).resolves.toBe('ok');
    await expect(untilAborted(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
  });

  it('should reject with the reason as soon as the signal aborts, even if the promise never settles', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(new Promise(() => {}), controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
  });

  it('should leave no listener on a long-lived signal once the promise settled', async () => {
    const controller = new AbortController();
    await untilAborted(Promise.resolve('ok'), controller.signal);
    await expect(untilAborted(Promise.reject(new Error('no')), controller.signal)).rejects.toThrow('no');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('should reject at once for an aborted signal', async () => {
    await expect(untilAborted(Promise.resolve(1), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

import { abortableSleep, untilAborted } from '../../src/util/abort.js';

describe('abortableSleep', () => {
  it('resolves after the delay', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    await expect(abortableSleep(1, new AbortController().signal)).resolves.toBeUndefined();
  });

  it('rejects on abort', async () => {
    await expect(abortableSleep(10, AbortSignal.abort(new Error('x')))).rejects.toThrow('x');
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('y'));
    await expect(sleeping).rejects.toThrow('y');
  });
});

describe('untilAborted', () => {
  it('settles like the promise when nothing aborts', async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(5), signal)).resolves.toBe(5);
    await expect(untilAborted(Promise.reject(new Error('no')), signal)).rejects.toThrow('no');
  });

  it('rejects with the reason as soon as the signal aborts, even if the promise never settles', async () => {
    await expect(
      untilAborted(new Promise(() => undefined), AbortSignal.abort(new Error('gone'))),
    ).rejects.toThrow('gone');
    const controller = new AbortController();
    const pending = untilAborted(new Promise(() => undefined), controller.signal);
    controller.abort(new Error('later'));
    await expect(pending).rejects.toThrow('later');
  });
});

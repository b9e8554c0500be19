import { describe, expect, it } from 'vitest';
import { addActor, recolor, setBoxAt, type Actor } from '../../renderer/src/canvas/actors';
import { ActorSaver } from '../../renderer/src/canvas/saver';

const car = { phrase: 'car', span: [2, 5] as [number, number], color: '#ff5a5f' };

function recorder(delays: number[] = []) {
  const calls: { shotId: string; actors: Actor[] }[] = [];
  let saved: Actor[] = [];
  const saver = new ActorSaver(async (shotId, actors) => {
    await new Promise((r) => setTimeout(r, delays[calls.length] ?? 0));
    calls.push({ shotId, actors });
    saved = actors;
    return true;
  });
  return { calls, saver, saved: () => saved };
}

describe('ActorSaver', () => {
  it('sends each gesture as its own call, in order, the second building on the first before it is answered', async () => {
    const { calls, saver, saved } = recorder([30, 0]);
    expect(saver.edit('s1', saved(), (a) => addActor(a, car, [0.1, 0.1, 0.3, 0.3], 0))).toBeNull();
    expect(saver.edit('s1', saved(), (a) => setBoxAt(a, 0, 47, [0.6, 0.6, 0.9, 0.9]))).toBeNull(); // first not answered yet
    await saver.settled();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.actors[0]!.keyframes).toHaveLength(1);
    expect(calls[1]!.actors[0]!.keyframes.map((k) => k.frame)).toEqual([0, 47]);
  });

  it('builds on the saved list again once everything is answered', async () => {
    const { calls, saver } = recorder();
    saver.edit('s1', [], (a) => addActor(a, car, [0.1, 0.1, 0.3, 0.3], 0));
    await saver.settled();
    const fromServer = addActor([], { ...car, color: '#000000' }, [0.2, 0.2, 0.4, 0.4], 0); // e.g. after an undo elsewhere
    saver.edit('s1', fromServer, (a) => recolor(a, 0, '#3fa7ff'));
    await saver.settled();
    expect(calls[1]!.actors[0]!.keyframes[0]!.box).toEqual([0.2, 0.2, 0.4, 0.4]);
  });

  it('does not carry one shot\'s pending list into another shot', async () => {
    const { calls, saver } = recorder([20]);
    saver.edit('s1', [], (a) => addActor(a, car, [0.1, 0.1, 0.3, 0.3], 0));
    saver.edit('s2', [], (a) => addActor(a, car, [0.5, 0.5, 0.6, 0.6], 0));
    await saver.settled();
    expect(calls.map((c) => [c.shotId, c.actors.length])).toEqual([['s1', 1], ['s2', 1]]);
  });

  it('sends nothing for a refused edit and says why', async () => {
    const { calls, saver } = recorder();
    expect(saver.edit('s1', [], (a) => recolor(a, 0, '#ffffff'))).toBe('there is no actor 1');
    await saver.settled();
    expect(calls).toEqual([]);
  });

  it('goes on after a failed call', async () => {
    let n = 0;
    const sent: number[] = [];
    const saver = new ActorSaver(async (_, actors) => {
      if (n++ === 0) throw new Error('host gone');
      sent.push(actors.length);
      return true;
    });
    saver.edit('s1', [], (a) => addActor(a, car, [0.1, 0.1, 0.3, 0.3], 0));
    await saver.settled();
    saver.edit('s1', [], (a) => addActor(a, car, [0.1, 0.1, 0.3, 0.3], 0));
    await saver.settled();
    expect(sent).toEqual([1]);
  });
});

import { describe, expect, it } from 'vitest';
import { LIMITS, ShotObjectInput } from '../../electron/ipc/schemas';
import {
  addActor, canHavePath, insertHandle, keyframeIndexAt, MAX_ACTORS, MAX_KEYFRAMES, moveHandle, recolor, removeActor,
  removeHandle, setBoxAt, setPath, toActors, type Actor,
} from '../../renderer/src/canvas/actors';
import { handlesOf, insertionPoints, MAX_HANDLES, pathFor, SAMPLES_PER_SPAN, throughPoints } from '../../renderer/src/canvas/path-handles';
import { ACTOR_COLORS, findPhrase, nextActorColor } from '../../renderer/src/canvas/binding';
import { boxAt, curvedPath } from '../../renderer/src/lib/interpolation';

const PROMPT = 'a red car and a white dog on a city street';
const car = { phrase: 'red car', span: [2, 9] as [number, number], color: '#ff5a5f' };
const one = (): Actor[] => addActor([], car, [0.1, 0.5, 0.3, 0.8], 0);
const two = (): Actor[] => setBoxAt(one(), 0, 47, [0.6, 0.4, 0.9, 0.8]);
/** points rounded off float noise ((0.4 + 0.8) / 2 is 0.6000000000000001) */
const r = (ps: readonly (readonly number[])[] | null) => ps?.map((p) => p.map((v) => +v.toFixed(10))) ?? null;
const valid = (actors: Actor[]) => actors.every((a) => ShotObjectInput.safeParse(a).success);

describe('actor edits', () => {
  it('match the schema limits', () => {
    expect(MAX_ACTORS).toBe(LIMITS.maxObjects);
    expect(MAX_KEYFRAMES).toBe(LIMITS.maxKeyframes);
    expect((MAX_HANDLES + 1) * SAMPLES_PER_SPAN + 1).toBeLessThanOrEqual(LIMITS.maxPathPoints);
    expect((MAX_HANDLES + 2) * SAMPLES_PER_SPAN + 1).toBeGreaterThan(LIMITS.maxPathPoints);
  });

  it('add an actor with its first box, and its last box as a second keyframe', () => {
    const actors = two();
    expect(actors).toEqual([{ ...car, keyframes: [{ frame: 0, box: [0.1, 0.5, 0.3, 0.8] }, { frame: 47, box: [0.6, 0.4, 0.9, 0.8] }], path: null }]);
    expect(valid(actors)).toBe(true);
    expect(keyframeIndexAt(actors[0]!, 47)).toBe(1);
    expect(keyframeIndexAt(actors[0]!, 10)).toBe(-1);
  });

  it('replace the box of a keyframe, keep keyframes in frame order, and never mutate the input', () => {
    const before = two();
    const frozen = JSON.stringify(before);
    const moved = setBoxAt(before, 0, 0, [0.2, 0.5, 0.4, 0.8]);
    expect(moved[0]!.keyframes.map((k) => k.frame)).toEqual([0, 47]);
    expect(moved[0]!.keyframes[0]!.box).toEqual([0.2, 0.5, 0.4, 0.8]);
    const middle = setBoxAt(moved, 0, 20, [0.4, 0.4, 0.6, 0.7]);
    expect(middle[0]!.keyframes.map((k) => k.frame)).toEqual([0, 20, 47]);
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('remove and re-colour an actor', () => {
    const actors = addActor(two(), { phrase: 'white dog', span: [16, 25], color: '#3fa7ff' }, [0.5, 0.5, 0.6, 0.6], 0);
    expect(removeActor(actors, 0).map((a) => a.phrase)).toEqual(['white dog']);
    expect(recolor(actors, 1, '#00AA00')[1]!.color).toBe('#00aa00');
    expect(() => recolor(actors, 1, 'green')).toThrow(/not a colour/);
    expect(() => removeActor(actors, 5)).toThrow(/no actor 6/);
  });

  it('refuse a ninth actor', () => {
    let actors: Actor[] = [];
    for (let i = 0; i < MAX_ACTORS; i++) actors = addActor(actors, car, [0.1, 0.1, 0.2, 0.2], 0);
    expect(() => addActor(actors, car, [0.1, 0.1, 0.2, 0.2], 0)).toThrow(/at most 8 actors/);
  });

  it('give a straight path from the first box centre to the last, only once there is a last box', () => {
    expect(() => setPath(one(), 0, [])).toThrow(/last box first/);
    expect(canHavePath(one()[0]!)).toBe(false);
    const straight = setPath(two(), 0, []);
    expect(r(straight[0]!.path)).toEqual([[0.2, 0.65], [0.75, 0.6]]);
    expect(setPath(straight, 0, null)[0]!.path).toBeNull();
    expect(valid(straight)).toBe(true);
  });

  it('curve the path through a point dragged out of it, and read the point back from the saved path', () => {
    const straight = setPath(two(), 0, []);
    const [mid] = insertionPoints(straight[0]!.path!, straight[0]!.keyframes, []);
    expect(r([mid!])).toEqual([[0.475, 0.625]]);
    const curved = insertHandle(straight, 0, 0, [0.5, 0.2]);
    const path = curved[0]!.path!;
    expect(r(path)).toEqual(r(curvedPath([[0.2, 0.65], [0.5, 0.2], [0.75, 0.6]], SAMPLES_PER_SPAN)));
    expect(path[SAMPLES_PER_SPAN]).toEqual([0.5, 0.2]); // the curve passes through the dragged point
    expect(handlesOf(path)).toEqual([[0.5, 0.2]]);
    expect(valid(curved)).toBe(true);
    // the engine's box at the middle frame sits on the curve, not on the straight line
    const centre = (b: number[]) => [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2];
    expect(centre(boxAt(curved[0]!.keyframes, path, 23.5))[1]).toBeLessThan(0.5);
  });

  it('move and remove path points; a path with no points left is straight again', () => {
    let actors = insertHandle(setPath(two(), 0, []), 0, 0, [0.5, 0.2]);
    actors = insertHandle(actors, 0, 1, [0.7, 0.3]);
    expect(handlesOf(actors[0]!.path)).toEqual([[0.5, 0.2], [0.7, 0.3]]);
    actors = moveHandle(actors, 0, 1, [1.4, -0.2]);
    expect(handlesOf(actors[0]!.path)).toEqual([[0.5, 0.2], [1, 0]]);
    actors = removeHandle(removeHandle(actors, 0, 0), 0, 0);
    expect(r(actors[0]!.path)).toEqual([[0.2, 0.65], [0.75, 0.6]]);
    expect(() => moveHandle(actors, 0, 0, [0.5, 0.5])).toThrow(/no point 1/);
  });

  it('keeps a path on its boxes when a box moves: the ends follow, the dragged points stay', () => {
    const actors = insertHandle(setPath(two(), 0, []), 0, 0, [0.5, 0.2]);
    const moved = setBoxAt(actors, 0, 47, [0.7, 0.7, 0.9, 0.9]);
    const path = moved[0]!.path!;
    expect(r([path[0]!])).toEqual([[0.2, 0.65]]);
    expect(r([path[path.length - 1]!])).toEqual([[0.8, 0.8]]);
    expect(handlesOf(path)).toEqual([[0.5, 0.2]]);
  });

  it('refuse more points than a saved path can hold', () => {
    let actors = setPath(two(), 0, []);
    for (let k = 0; k < MAX_HANDLES; k++) actors = insertHandle(actors, 0, k, [0.2 + k * 0.04, 0.3]);
    expect(actors[0]!.path!.length).toBeLessThanOrEqual(LIMITS.maxPathPoints);
    expect(valid(actors)).toBe(true);
    expect(() => insertHandle(actors, 0, 0, [0.5, 0.5])).toThrow(/at most 14 points/);
  });

  it('reads a path saved by something else as a few points along it', () => {
    const keyframes = two()[0]!.keyframes;
    expect(handlesOf([[0.2, 0.35], [0.5, 0.3], [0.65, 0.4]])).toEqual([[0.5, 0.3]]);
    const long = Array.from({ length: 10 }, (_, i) => [0.1 + i * 0.08, 0.5] as [number, number]);
    expect(handlesOf(long).map((p) => p.map((v) => +v.toFixed(6)))).toEqual([[0.28, 0.5], [0.46, 0.5], [0.64, 0.5]]);
    expect(r(throughPoints(keyframes, [[0.5, 0.5]]))).toEqual([[0.2, 0.65], [0.5, 0.5], [0.75, 0.6]]);
    expect(r(pathFor(keyframes, []))).toEqual([[0.2, 0.65], [0.75, 0.6]]);
  });

  it('turns saved objects into inputs to edit, copies not references', () => {
    const saved = [{ ...two()[0]!, id: '7d1c4a52-9f7e-4f0e-8d7c-4f5c2c1d9e10' }];
    const actors = toActors(saved);
    expect(actors).toEqual(two());
    actors[0]!.keyframes[0]!.box[0] = 0.9;
    expect(saved[0]!.keyframes[0]!.box[0]).toBe(0.1);
  });
});

describe('actor binding', () => {
  it('finds the words in the prompt, whole words first, case aside', () => {
    expect(findPhrase(PROMPT, ' Red Car ')).toEqual({ phrase: 'red car', span: [2, 9] });
    expect(findPhrase('scar and car', 'car')).toEqual({ phrase: 'car', span: [9, 12] });
    expect(findPhrase('scar', 'car')).toEqual({ phrase: 'car', span: [1, 4] });
  });

  it('skips words already bound to an actor, and says why when none is left', () => {
    expect(findPhrase('a dog and a dog', 'dog', [[2, 5]])).toEqual({ phrase: 'dog', span: [12, 15] });
    expect(findPhrase('a dog', 'dog', [[2, 5]])).toEqual({ problem: '"dog" is already an actor' });
    expect(findPhrase(PROMPT, 'cat')).toEqual({ problem: '"cat" is not in the prompt' });
    expect(findPhrase(PROMPT, '  ')).toHaveProperty('problem');
  });

  it('skips the marked background\'s words, and says so when only they are left', () => {
    expect(findPhrase('a dog and a dog', 'dog', [], [2, 5])).toEqual({ phrase: 'dog', span: [12, 15] });
    expect(findPhrase('a city street', 'street', [], [2, 13])).toEqual({ problem: '"street" is the background: clear it first, or type other words' });
    expect(findPhrase('a dog', 'dog', [[2, 5]], [0, 1])).toEqual({ problem: '"dog" is already an actor' });
  });

  it('gives each new actor a colour no other has, while there are some', () => {
    expect(nextActorColor([])).toBe(ACTOR_COLORS[0]);
    expect(nextActorColor([ACTOR_COLORS[0]!.toUpperCase(), ACTOR_COLORS[1]!])).toBe(ACTOR_COLORS[2]);
    expect(nextActorColor([...ACTOR_COLORS, ACTOR_COLORS[0]!])).toBe(ACTOR_COLORS[1]);
    expect(new Set(ACTOR_COLORS).size).toBe(8);
  });
});

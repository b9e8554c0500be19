/**
 * The fabric layer of the frame canvas: it paints a `SceneView` and turns finished mouse
 * gestures into normalised results for its handlers. Its objects are a view of the shot,
 * never the truth: every gesture ends in one handler call (one edit), and the canvas is
 * painted again from the answer. Live feedback during a drag (snapping, the path bending
 * under a dragged point) stays inside fabric until the mouse is released.
 */
import { Canvas, Circle, Line, Polyline, Rect, type FabricObject, type TPointerEventInfo } from 'fabric';
import { curvedPath, type Box, type Point } from '../lib/interpolation';
import { snapMovedBox, snapResizedBox, THIRDS_AND_CENTRE, toleranceFromPixels } from '../lib/snapping';
import { boxFromDrag, edgesOfCorner } from './geometry';
import { SAMPLES_PER_SPAN } from './path-handles';
import type { ActorView, SceneView } from './scene';
import { boxToRect, rectToBox, toNormal, toPixels, type Size, type View } from './viewport';

export type Tool = 'select' | 'new' | 'first' | 'last';

export interface StageHandlers {
  /** a box drawn with a drawing tool */
  draw(box: Box): void;
  /** a keyframe box moved or resized */
  boxChanged(actor: number, box: Box): void;
  select(actor: number | null): void;
  /** a new path point pulled out of span k */
  insertHandle(actor: number, k: number, point: Point): void;
  moveHandle(actor: number, k: number, point: Point): void;
  /** a path point double-clicked */
  removeHandle(actor: number, k: number): void;
}

export interface StageOptions {
  tool: Tool;
  snap: boolean;
  selected: number | null;
}

type Role =
  | { kind: 'box'; actor: number }
  | { kind: 'handle'; actor: number; k: number }
  | { kind: 'insert'; actor: number; k: number };

/** Snapping reaches this many pixels. */
const SNAP_PX = 8;
const STROKE = 2;
const GUIDE = 'rgba(255, 255, 255, 0.18)';
const GUIDE_ACTIVE = 'rgba(91, 140, 255, 0.9)';

export class FabricStage {
  private readonly canvas: Canvas;
  private size: Size = { width: 1, height: 1 };
  private scene: SceneView | null = null;
  private options: StageOptions = { tool: 'select', snap: true, selected: null };
  private readonly roles = new WeakMap<FabricObject, Role>();
  private draft: { start: Point; rect: Rect } | null = null;
  private guides: FabricObject[] = [];
  private livePath: Polyline | null = null;
  private painting = false;
  /** a mouse button is down: a new scene waits until the gesture ends (its objects are being dragged) */
  private pressed = false;
  private stale = false;

  constructor(element: HTMLCanvasElement, private readonly handlers: StageHandlers) {
    this.canvas = new Canvas(element, {
      selection: false, // no rubber-band group selection: one actor at a time
      preserveObjectStacking: true,
      uniformScaling: false,
      fireRightClick: false,
      stopContextMenu: true,
    });
    this.canvas.on('mouse:down', (e) => this.down(e));
    this.canvas.on('mouse:move', (e) => this.move(e));
    this.canvas.on('mouse:up', (e) => this.up(e));
    this.canvas.on('mouse:dblclick', (e) => this.doubleClick(e));
    this.canvas.on('object:moving', ({ target }) => this.moving(target));
    this.canvas.on('object:modified', ({ target, transform }) => this.modified(target, transform?.corner ?? '', transform?.action ?? ''));
    this.canvas.on('selection:created', ({ selected }) => this.selected(selected[0]));
    this.canvas.on('selection:updated', ({ selected }) => this.selected(selected[0]));
    this.canvas.on('selection:cleared', () => this.selected(undefined));
  }

  resize(size: Size): void {
    if (size.width === this.size.width && size.height === this.size.height) return;
    this.size = size;
    this.canvas.setDimensions(size);
    this.paint();
  }

  show(scene: SceneView, options: StageOptions): void {
    this.scene = scene;
    this.options = options;
    if (this.pressed) this.stale = true;
    else this.paint();
  }

  dispose(): void {
    void this.canvas.dispose();
  }

  // ---- painting ---------------------------------------------------------------

  private get view(): View {
    return this.scene?.view ?? [0, 0, 1, 1];
  }

  private paint(): void {
    const scene = this.scene;
    if (!scene) return;
    this.stale = false;
    this.painting = true;
    try {
      this.canvas.discardActiveObject();
      this.canvas.clear();
      this.draft = null;
      this.guides = [];
      this.livePath = null;
      this.canvas.backgroundColor = scene.camera ? '#0f1115' : '#23262e';
      const drawing = this.options.tool !== 'select';
      this.canvas.skipTargetFind = drawing;
      this.canvas.defaultCursor = drawing ? 'crosshair' : 'default';
      if (scene.camera) this.paintCamera(scene.camera);
      else this.paintThirds();
      let active: FabricObject | null = null;
      for (const actor of scene.actors) {
        const box = this.paintActor(actor, !scene.camera);
        if (actor.index === this.options.selected && box.selectable) active = box;
      }
      if (active && !drawing) this.canvas.setActiveObject(active);
      this.canvas.requestRenderAll();
    } finally {
      this.painting = false;
    }
  }

  private add(object: FabricObject, role?: Role): FabricObject {
    if (role) this.roles.set(object, role);
    this.canvas.add(object);
    return object;
  }

  private paintThirds(): void {
    for (const at of [1 / 3, 2 / 3]) {
      this.add(this.line([at, 0], [at, 1], GUIDE));
      this.add(this.line([0, at], [1, at], GUIDE));
    }
  }

  private paintCamera(camera: NonNullable<SceneView['camera']>): void {
    this.add(this.outline(camera.frame, 'rgba(255, 255, 255, 0.35)', { fill: '#23262e' }));
    this.add(this.outline(camera.end, 'rgba(91, 140, 255, 0.45)', { dash: [4, 4] }));
    const centre = (w: readonly number[]): Point => [(w[0]! + w[2]!) / 2, (w[1]! + w[3]!) / 2];
    this.add(this.line(centre(camera.frame), centre(camera.end), 'rgba(91, 140, 255, 0.6)', [2, 4]));
    this.add(this.outline(camera.window, '#5b8cff', { width: 3 }));
  }

  private paintActor(actor: ActorView, editing: boolean): FabricObject {
    const faint = `${actor.color}66`;
    this.add(this.outline(actor.first, faint, { dash: [3, 3] }));
    this.add(this.outline(actor.last, faint, { dash: [3, 3] }));
    if (actor.path) this.add(this.polyline(actor.path, actor.color, [6, 4]));
    const rect = this.outline(actor.box, actor.color, { fill: `${actor.color}26`, dash: actor.keyed ? undefined : [6, 3] });
    const selectable = editing && this.options.tool === 'select';
    rect.set({
      selectable,
      evented: selectable,
      hasControls: actor.keyed,
      lockMovementX: !actor.keyed,
      lockMovementY: !actor.keyed,
      lockRotation: true,
      hoverCursor: actor.keyed ? 'move' : 'pointer',
      borderColor: actor.color,
      cornerColor: actor.color,
      cornerSize: 9,
      transparentCorners: false,
    });
    rect.setControlsVisibility({ mtr: false });
    this.add(rect, { kind: 'box', actor: actor.index });
    actor.insertions.forEach((p, k) => this.add(this.dot(p, 5, actor.color, true), { kind: 'insert', actor: actor.index, k }));
    actor.handles.forEach((p, k) => this.add(this.dot(p, 7, actor.color, false), { kind: 'handle', actor: actor.index, k }));
    return rect;
  }

  private outline(box: readonly number[], stroke: string, o: { fill?: string; dash?: number[] | undefined; width?: number } = {}): Rect {
    const r = boxToRect(box as Box, this.size, this.view);
    const width = o.width ?? STROKE;
    return new Rect({
      left: r.left - width / 2, top: r.top - width / 2, width: r.width, height: r.height,
      originX: 'left', originY: 'top',
      fill: o.fill ?? 'transparent', stroke, strokeWidth: width, strokeUniform: true,
      strokeDashArray: o.dash ?? null, selectable: false, evented: false, objectCaching: false,
    });
  }

  private line(a: Point, b: Point, stroke: string, dash: number[] | null = null): Line {
    const [x1, y1] = toPixels(a, this.size, this.view);
    const [x2, y2] = toPixels(b, this.size, this.view);
    return new Line([x1, y1, x2, y2], { stroke, strokeWidth: 1, strokeDashArray: dash, selectable: false, evented: false });
  }

  private polyline(points: readonly Point[], stroke: string, dash: number[] | null): Polyline {
    const px = points.map((p) => {
      const [x, y] = toPixels(p, this.size, this.view);
      return { x, y };
    });
    return new Polyline(px, { stroke, strokeWidth: 2, fill: '', strokeDashArray: dash, selectable: false, evented: false, objectCaching: false });
  }

  private dot(p: Point, radius: number, color: string, hollow: boolean): Circle {
    const [x, y] = toPixels(p, this.size, this.view);
    return new Circle({
      left: x, top: y, radius, originX: 'center', originY: 'center',
      fill: hollow ? '#16181d' : color, stroke: color, strokeWidth: 2,
      hasControls: false, hasBorders: false, hoverCursor: 'grab', moveCursor: 'grabbing',
      selectable: this.options.tool === 'select', evented: this.options.tool === 'select',
    });
  }

  // ---- gestures ---------------------------------------------------------------

  private normal(e: TPointerEventInfo): Point {
    const [x, y] = toNormal([e.scenePoint.x, e.scenePoint.y], this.size, this.view);
    return [x, y];
  }

  private snapTolerance(): { x: number; y: number } | null {
    return this.options.snap ? toleranceFromPixels(SNAP_PX, this.size.width, this.size.height) : null;
  }

  private down(e: TPointerEventInfo): void {
    this.pressed = true;
    if (this.options.tool === 'select' || this.scene?.camera) return;
    const start = this.normal(e);
    const rect = this.outline([start[0], start[1], start[0], start[1]], '#ffffff', { dash: [4, 3] });
    this.draft = { start, rect };
    this.canvas.add(rect);
  }

  private move(e: TPointerEventInfo): void {
    if (!this.draft) return;
    const box = boxFromDrag(this.draft.start, this.normal(e), this.snapTolerance()) ?? [...this.draft.start, ...this.draft.start];
    const r = boxToRect(box as Box, this.size, this.view);
    this.draft.rect.set({ left: r.left - STROKE / 2, top: r.top - STROKE / 2, width: r.width, height: r.height });
    this.canvas.requestRenderAll();
  }

  private up(e: TPointerEventInfo): void {
    this.pressed = false;
    const draft = this.draft;
    this.draft = null;
    if (draft) {
      this.canvas.remove(draft.rect);
      const box = boxFromDrag(draft.start, this.normal(e), this.snapTolerance());
      if (box) this.handlers.draw(box);
    }
    if (this.stale) this.paint();
    else this.canvas.requestRenderAll();
  }

  private doubleClick(e: TPointerEventInfo): void {
    const role = e.target ? this.roles.get(e.target) : undefined;
    if (role?.kind === 'handle') this.handlers.removeHandle(role.actor, role.k);
  }

  /** The normalised box of a box object as it stands (its stroke's centre line). */
  private boxOf(target: FabricObject): Box {
    return rectToBox({
      left: (target.left ?? 0) + STROKE / 2,
      top: (target.top ?? 0) + STROKE / 2,
      width: (target.width ?? 0) * (target.scaleX ?? 1),
      height: (target.height ?? 0) * (target.scaleY ?? 1),
    }, this.size, this.view);
  }

  private moving(target: FabricObject): void {
    const role = this.roles.get(target);
    if (role?.kind === 'box') this.snapMoving(target);
    else if (role) this.bendPath(role, target);
  }

  /** Keeps a moved box inside the frame and, with snapping on, on the thirds; shows the lines it snapped to. */
  private snapMoving(target: FabricObject): void {
    const width = (target.width ?? 0) * (target.scaleX ?? 1);
    const height = (target.height ?? 0) * (target.scaleY ?? 1);
    const [x1, y1] = toNormal([(target.left ?? 0) + STROKE / 2, (target.top ?? 0) + STROKE / 2], this.size, this.view);
    const [x2, y2] = toNormal([(target.left ?? 0) + STROKE / 2 + width, (target.top ?? 0) + STROKE / 2 + height], this.size, this.view);
    const snapped = snapMovedBox([x1, y1, x2, y2], { tolerance: this.snapTolerance() ?? 0 });
    const [left, top] = toPixels([snapped.box[0], snapped.box[1]], this.size, this.view);
    target.set({ left: left - STROKE / 2, top: top - STROKE / 2 });
    target.setCoords();
    this.showGuides(snapped.guides);
  }

  private showGuides(guides: { x: number[]; y: number[] }): void {
    for (const g of this.guides) this.canvas.remove(g);
    this.guides = [
      ...guides.x.filter((v) => THIRDS_AND_CENTRE.includes(v)).map((x) => this.line([x, 0], [x, 1], GUIDE_ACTIVE)),
      ...guides.y.filter((v) => THIRDS_AND_CENTRE.includes(v)).map((y) => this.line([0, y], [1, y], GUIDE_ACTIVE)),
    ];
    for (const g of this.guides) this.canvas.add(g);
  }

  /** While a path point is dragged, the path is drawn through it (not saved until released). */
  private bendPath(role: Exclude<Role, { kind: 'box' }>, target: FabricObject): void {
    const actor = this.scene?.actors[role.actor];
    if (!actor) return;
    const point = toNormal([target.left ?? 0, target.top ?? 0], this.size, this.view);
    const handles = [...actor.handles];
    if (role.kind === 'insert') handles.splice(role.k, 0, point);
    else handles[role.k] = point;
    const centre = (b: Box): Point => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    const curve = curvedPath([centre(actor.first), ...handles, centre(actor.last)], SAMPLES_PER_SPAN);
    if (this.livePath) this.canvas.remove(this.livePath);
    this.livePath = this.polyline(curve, actor.color, null);
    this.canvas.add(this.livePath);
  }

  private modified(target: FabricObject, corner: string, action: string): void {
    const role = this.roles.get(target);
    if (!role) return;
    if (role.kind === 'box') {
      let box = this.boxOf(target);
      const tolerance = this.snapTolerance();
      if (action.startsWith('scale') && tolerance) box = snapResizedBox(box, edgesOfCorner(corner), { tolerance }).box;
      this.handlers.boxChanged(role.actor, box);
      return;
    }
    const [x, y] = toNormal([target.left ?? 0, target.top ?? 0], this.size, this.view);
    const point: Point = [Math.min(Math.max(x, 0), 1), Math.min(Math.max(y, 0), 1)];
    if (role.kind === 'insert') this.handlers.insertHandle(role.actor, role.k, point);
    else this.handlers.moveHandle(role.actor, role.k, point);
  }

  private selected(target: FabricObject | undefined): void {
    if (this.painting) return;
    const role = target ? this.roles.get(target) : undefined;
    if (role?.kind === 'box') this.handlers.select(role.actor);
    else if (!role) this.handlers.select(null);
    // a path point picked up keeps its actor selected
  }
}

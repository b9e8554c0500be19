"""The procedural "blocking" world the built-in model is trained on (issue 5): captioned
clips of coloured actors moving over flat-shaded backdrops, deterministic by seed, with
each actor's true box per frame, the paper's camera augmentation, held-out evaluation
cases and the package's colour locator. Nothing is downloaded.

The renderer needs numpy only; ``directa_models.world.dataset`` adds the torch Dataset.
"""

from .actors import KINDS
from .backdrops import BACKDROPS, PLACES
from .camera import NULL_CAMERA, camera_boxes, camera_crop, camera_windows, canvas_for, sample_camera, transform_boxes
from .palette import ACTOR_COLOURS, BACKDROP_MARGIN, TIMES, TOLERANCE, locator
from .render import Clip, render_clip, render_scene
from .scene import MAX_ACTORS, SPLITS, Scene, clip_seed, sample_scene, vocabulary

__all__ = [
    "ACTOR_COLOURS", "BACKDROPS", "BACKDROP_MARGIN", "KINDS", "MAX_ACTORS", "NULL_CAMERA", "PLACES", "SPLITS", "TIMES",
    "TOLERANCE", "Clip", "Scene", "camera_boxes", "camera_crop", "camera_windows", "canvas_for", "clip_seed", "locator",
    "render_clip", "render_scene", "sample_camera", "sample_scene", "transform_boxes", "vocabulary",
]

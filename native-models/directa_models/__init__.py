"""Direct-a-Video on diffusers, exported as ONNX model packages (see native-models/README.md).

Nothing here downloads weights: the Hugging Face hub is switched to offline mode before
diffusers or transformers are imported, and every loader reads local folders only.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

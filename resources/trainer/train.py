#!/usr/bin/env python3
"""Crosstag's MTMT trainer. Run it on a bundle from `crosstag export-run` (see the bundle's README):

    python train.py BUNDLE --out RUN
    torchrun --nproc_per_node=N train.py BUNDLE --out RUN
    accelerate launch train.py BUNDLE --out RUN
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from crosstag_trainer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

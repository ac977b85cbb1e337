"""Crosstag's MTMT trainer on PyTorch.

Trains what Crosstag's own engine trains (a teacher recognizer, the teacher's token-pair
similarity evaluator, then the student distilled on unlabelled target text) with the same losses,
batch plans, optimiser and epoch selection, for BERT, XLM-R and DistilBERT checkpoint folders,
in one process or under torchrun / accelerate (data parallel). See ../README.md.
"""

FORMAT = "crosstag-run-bundle"
FORMAT_VERSION = 1
__version__ = "1.0.0"

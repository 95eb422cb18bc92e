"""Trichome's core for Python: the steps of the command line's archive mode, for scoring takedown archives
inside Apache Spark (``trichome.spark``)."""

from . import _core

__all__ = ["_core"]

"""chanblog: a static blog generator for essayists."""

__version__ = "0.1.0"

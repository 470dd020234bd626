"""citymade — industry in the city: diagnose circular producers, follow a cluster, count production.

The domain core (``framework``, ``scoring``, ``indicators``, ``register``, ``reports``) is plain
Python and never imports Django; ``web`` and ``cli`` are thin delivery layers over it.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]

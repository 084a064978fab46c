"""mockint: a voice-driven mock interview agent for STAR behavioral answers."""

__version__ = "0.1.0"

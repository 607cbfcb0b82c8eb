"""ftui: a keyboard-first terminal dashboard for LLM fine-tuning."""

__version__ = "0.1.0"

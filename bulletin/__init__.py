"""bulletin (学习简报): a static-site generator for the work bulletins of
learning-organization campaigns."""

__version__ = "0.1.0"

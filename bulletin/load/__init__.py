"""Stage 1, load: find the content files, decode them and split front matter.

Nothing here knows what a field means; ``validate`` does that.
"""

from bulletin.load.sources import RawContent, load_content

__all__ = ["RawContent", "load_content"]

"""The persistent build cache: what makes a rebuild of a large bulletin instant.

In this user's cache folder by default (``location.py``; ``--cache DIR`` to
choose another). Every entry is sealed with a key kept outside any content
tree (``seal.py``). Everything in it is derived from the content and may be deleted at
any time; the next build is then a cold one. See docs/architecture.md,
"Incremental builds".

- ``store.py``: key → value memory of the stages (parsed folders, validated
  issues, rendered Markdown), in one SQLite file;
- ``state.py``: what the last build of an output folder read and wrote;
- ``session.py``: one build's use of both.
"""

from bulletin.cache.location import default_cache_folder
from bulletin.cache.session import CacheFolderError, CacheSession
from bulletin.cache.store import CacheStore, Memo

__all__ = ["CacheFolderError", "CacheSession", "CacheStore", "Memo", "default_cache_folder"]

"""Stage 4, render: turn the library into output files (HTML, feeds, sitemap)."""

from bulletin.render.outputs import OutputFile
from bulletin.render.pages import plan_site, render_site

__all__ = ["OutputFile", "plan_site", "render_site"]

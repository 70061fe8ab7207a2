"""Stage 4, render: turn the library into output files (HTML, feeds, sitemap)."""

from bulletin.render.outputs import OutputFile

__all__ = ["OutputFile", "plan_site"]


def __getattr__(name: str):  # noqa: ANN202
    # Loaded on first use so that a no-op rebuild, which renders nothing, does not pay for Jinja2.
    if name == "plan_site":
        from bulletin.render import pages
        return getattr(pages, name)
    raise AttributeError(name)

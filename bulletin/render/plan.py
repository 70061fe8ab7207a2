"""What the site is made of, before anything is rendered: the plan.

``plan_site`` (render/pages.py) and every feature (render/feature.py) describe
their outputs with these types; the incremental engine (render/incremental.py)
renders or keeps them and the writer writes them. Nothing here imports a
feature, so a feature may import this module freely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bulletin.cache.store import Memo
from bulletin.render.outputs import OutputFile


@dataclass
class PageSpec:
    path: str
    template: str
    context: dict = field(default_factory=dict)
    # Fingerprint tokens of everything the page shows beyond its template and the
    # site settings (see render/inputs.py); None = unknown, render on every build.
    inputs: list | None = None
    # More context that is costly to compute (statistics, charts): made only if the page is rendered.
    lazy: Callable[[], dict] | None = None
    # Templates the page includes by a name computed at run time (features' extras).
    includes: tuple[str, ...] = ()
    # Who asked for this page (a file of the content folder or a feature): named when two
    # outputs claim one path (router.OutputRegistry).
    origin: str = ""


@dataclass
class Generated:
    """Files made together by one function (the feeds, a feature's data files)."""

    name: str
    make: Callable[[Memo | None], list[OutputFile]]  # given the build cache's memo (None without a cache)
    fingerprint: str | None = None  # None: remade on every build
    # The paths ``make`` will write, when they are known before making them: registered with the
    # router's output registry so that a collision is found before anything is written.
    paths: list[str] = field(default_factory=list)
    # Called for every group that will be remade, before the first is made: a feature
    # whose files are costly (PDFs) starts them all in its worker pool here.
    prefetch: Callable[[], None] | None = None


@dataclass
class SitePlan:
    pages: list[PageSpec]
    copies: list[OutputFile]
    generated: list[Generated] = field(default_factory=list)
    # Content files of load's listing that are not published (nothing links them, validate/assets.py):
    # (output path, source). Their paths are claimed too, so that a file that would overwrite a page
    # is an error now, not when a link to it is added later.
    unpublished: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class NavItem:
    """A link a feature adds to the site's navigation (``place``: "menu" = the main
    menu in the header, "footer" = the line of links in the footer)."""

    label: str
    path: str  # an output path from the router
    place: str = "menu"


@dataclass
class PageExtra:
    """What a feature adds to a page the pipeline owns (today: a unit page).

    ``template`` is included by the page at the place named by ``slot``
    (unit.html: "figures" inside the figures section, "after" below it);
    ``context`` is made only when the page is rendered; ``inputs`` are the
    fingerprint tokens of what the extra shows (render/inputs.py).
    """

    slot: str
    template: str
    inputs: list = field(default_factory=list)
    context: Callable[[], dict] | None = None

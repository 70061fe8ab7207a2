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
class PageBundle:
    """Pages planned as one: an issue's page with its articles' pages, 11,000 of a 12,000-page
    site. ``token`` covers everything those pages show and where they go, besides their
    templates and what every page shows. While the last build recorded the same token, the
    bundle's paths are taken from its record, and its PageSpecs are made only when one of its
    pages has to be rendered again: an edit plans one issue, not a thousand."""

    token: str
    templates: tuple[str, ...]  # every template its pages use
    origin: str  # named for the bundle's paths taken from the record (router.OutputRegistry)
    make: Callable[[], list[PageSpec]]
    paths: list[str] | None = None  # known once taken from the record or the specs made
    _specs: list[PageSpec] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """Its record in the build state (with the generated groups): the token names the paths."""
        return "pages:" + self.token

    @property
    def expanded(self) -> bool:
        return self._specs is not None

    def specs(self) -> list[PageSpec]:
        if self._specs is None:
            self._specs = self.make()
            self.paths = [spec.path for spec in self._specs]
        return self._specs


@dataclass
class SitePlan:
    pages: list[PageSpec]
    copies: list[OutputFile]
    generated: list[Generated] = field(default_factory=list)
    # Content files of load's listing that are not published (nothing links them, validate/assets.py):
    # (output path, source). Their paths are claimed too, so that a file that would overwrite a page
    # is an error now, not when a link to it is added later.
    unpublished: list[tuple[str, str]] = field(default_factory=list)
    bundles: list[PageBundle] = field(default_factory=list)
    bundle_place: int = 0  # where the bundles' pages stand among ``pages``

    def settle_bundles(self, recorded: Callable[[str], list[str] | None] | None) -> None:
        """Every bundle's paths: from the last build's record of its token (``recorded``), or
        from its specs, made now, when there is none."""
        for bundle in self.bundles:
            paths = recorded(bundle.name) if recorded is not None and not bundle.expanded else None
            if paths is None:
                bundle.specs()
            else:
                bundle.paths = paths

    def page_paths(self) -> list[tuple[str, str]]:
        """(path, origin) of every page, bundled or not, in plan order (after ``settle_bundles``)."""
        def owned(specs: list[PageSpec]) -> list[tuple[str, str]]:
            return [(spec.path, spec.origin or spec.template) for spec in specs]

        found = owned(self.pages[:self.bundle_place])
        for bundle in self.bundles:
            found += owned(bundle.specs()) if bundle.expanded else [(p, bundle.origin) for p in bundle.paths or []]
        return found + owned(self.pages[self.bundle_place:])


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

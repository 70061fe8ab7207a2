"""The build, stage by stage: load → validate → model → markdown → render → write.

Every stage reports into one ``Diagnostics``; rendering starts only when the
content has no errors, so a bad file never produces a half site.

With the build cache (on by default) a rebuild does only the work its changes
call for: nothing at all when no input changed, otherwise unchanged issue
folders come from the cache and only pages whose inputs changed are rendered
(render/incremental.py). The output is byte for byte that of a clean build.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.cache import CacheFolderError, CacheSession, Memo, default_cache_folder
from bulletin.errors import BuildError, Diagnostics, UsageError
from bulletin.render.environment import DEFAULT_TEMPLATES
from bulletin.write import SiteWriter, WriteReport
from bulletin.write.lock import WAIT_SECONDS, BuildLockedError, build_lock
from bulletin.write.source_files import UnsafeSourceError
from bulletin.write.writer import MARKER, remove_leftovers

if TYPE_CHECKING:
    from bulletin.load.sources import KnownStats
    from bulletin.model.library import Library
    from bulletin.render.feature import Feature
    from bulletin.render.incremental import PreviousBuild
    from bulletin.render.outputs import OutputFile
    from bulletin.render.plan import SitePlan
    from bulletin.router import OutputRegistry, Router


@dataclass
class BuildOptions:
    content: Path
    out: Path = Path("site")
    templates: Path = DEFAULT_TEMPLATES
    drafts: bool = False
    cache: Path | None = None  # the build cache folder; None: .cache beside the content folder
    use_cache: bool = True  # False: a clean build that neither reads nor writes the cache
    jobs: int = 0  # worker processes for Markdown and pages; 0: one per core
    features: list[str] | None = None  # names of the features to build (FEATURE_NAMES); None: all


# The features a build can have (render/feature.py), in the order their pages and menu
# entries come; each can be switched off (``build --no-<name>``): name → (module, class).
FEATURES = {"stats": ("bulletin.stats.pages", "StatsFeature"), "search": ("bulletin.search", "SearchFeature"),
            "pdf": ("bulletin.pdf", "PdfFeature")}
FEATURE_NAMES = tuple(FEATURES)


def available_features() -> list[Feature]:
    """Every feature, in FEATURE_NAMES order: the one list of them."""
    return enabled_features(None)


def enabled_features(names: list[str] | None) -> list[Feature]:
    """The features named (all when ``names`` is None), in FEATURE_NAMES order. Each is imported
    when a build has it: a build without PDFs does not import the PDF package."""
    found: list[Feature] = []
    for name, (module, cls) in FEATURES.items():
        if names is None or name in names:
            feature = getattr(importlib.import_module(module), cls)()
            assert feature.name == name
            found.append(feature)
    return found


@dataclass
class BuildResult:
    library: Library | None  # None when nothing had changed, so nothing was loaded
    diagnostics: Diagnostics
    report: WriteReport
    seconds: float
    rendered: int = 0  # pages rendered; the others were up to date


def check(content: Path, include_drafts: bool = False, memo: Memo | None = None,
          jobs: int = 1, markdown: bool = True,
          known_stats: KnownStats | None = None) -> tuple[Library | None, Diagnostics]:
    """Load and validate only; the library is None when there are errors.

    ``markdown=False``: the bodies are not rendered (no HTML, no summaries, no
    Markdown checks), for commands that need only the facts (``stats``). ``known_stats``:
    the content files' sizes and times, when the build has just taken them (load/sources.py)."""
    # The stages are imported when first needed: a no-op rebuild never loads
    # YAML, Markdown or Jinja2, and their imports would be most of its time.
    from bulletin.load import load_content
    from bulletin.load.sources import reread
    from bulletin.model.library import build_library
    from bulletin.validate import validate
    from bulletin.validate.assets import asset_candidates, review_assets
    from bulletin.validate.attachments import scan_attachments

    if markdown:  # Python-Markdown and nh3: only when bodies are rendered
        from bulletin.markdown import EarlyMarkdown, render_library
        from bulletin.markdown.parallel import markdown_pool

    diags = Diagnostics()
    # The build's worker processes (started when first used) read the issue folders load has to
    # read, then render issues as soon as validation publishes them, while the main process goes
    # on validating (load/sources.py, markdown/parallel.py).
    pool = markdown_pool(jobs) if markdown else None
    early = EarlyMarkdown(pool, memo) if markdown else None
    try:
        raw = load_content(Path(content), diags, memo, pool, known_stats)
        # The build cache's boundary is the issue folder: load leaves a folder unread when none of
        # its files changed, validate takes its result from the cache, and reads it (through load)
        # only when site.yaml or units.yaml changed; the markdown stage keys its cache the same way.
        validated = validate(raw, diags, memo, reread=partial(reread, raw.root, listing=raw.listing),
                             validated=early.offer if early is not None else None)
        del raw  # the decoded files: not needed any more, and a large bulletin's biggest object
        if diags.errors:
            return None, diags  # what the workers rendered is dropped with them
        lib = build_library(validated, include_drafts=include_drafts)
        if markdown:
            render_library(lib, diags, memo, jobs, early=early)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if markdown:
        # Only the content files published texts link, of allowed kinds, are published
        # (validate/assets.py); their candidates come from load's listing.
        lib.assets = review_assets(Path(content), asset_candidates(lib), lib.links, lib.files, diags)
        scan_attachments(Path(content), lib.assets, diags, memo)
    return lib, diags


def read_library(content: Path, cache: Path | None = None,
                 use_cache: bool = True) -> tuple[Library | None, Diagnostics]:
    """The validated library without rendering any Markdown, for commands that
    need only front matter (``stats``). With the build cache (the one ``build``
    uses, unless ``use_cache`` is False), unchanged issue folders are neither read
    nor validated again, so a large campaign's statistics take a fraction of a
    second. A cache folder that cannot be opened is simply not used."""
    import sqlite3

    from bulletin.cache import CacheStore

    store = None
    if use_cache:
        try:
            store = CacheStore(Path(cache) if cache else default_cache_folder(content))
        except (OSError, sqlite3.Error):
            store = None  # e.g. a read-only share: statistics still work, just slower
    try:
        with fewer_collections():
            lib, diags = check(content, memo=store, markdown=False)
        if store is not None:
            # Never pruned here: the build's Markdown and page entries were not asked for.
            store.commit(prune=False)
        return lib, diags
    finally:
        if store is not None:
            store.close()


def build(options: BuildOptions) -> BuildResult:
    """Build the site; raises BuildError (with every problem) on bad content."""
    started = time.perf_counter()
    content, templates = Path(options.content), Path(options.templates)
    if not templates.is_dir():
        diags = Diagnostics()
        diags.add("E224", str(templates), path=str(templates))
        raise BuildError(diags)
    check_options(options)
    try:
        with build_lock(options.out), fewer_collections():
            return _locked_build(options, content, templates, started)
    except BuildLockedError:
        diags = Diagnostics()
        diags.add("E334", str(options.out), path=str(options.out), seconds=f"{WAIT_SECONDS:.0f}")
        raise BuildError(diags) from None


def _locked_build(options: BuildOptions, content: Path, templates: Path, started: float) -> BuildResult:
    remove_leftovers(Path(options.out))  # of a build killed half-way
    session = _open_cache(options)
    try:
        if session is not None:
            session.scan(content, templates, MARKER)
            if (content / "site.yaml").is_file() and session.nothing_changed():
                diags = Diagnostics()
                diags.extend(session.previous_diagnostics)
                _report_cache_problems(session, diags)
                report = WriteReport(unchanged=session.previous_output_count)
                return BuildResult(None, diags, report, time.perf_counter() - started)
        return _rebuild(options, session, started)
    finally:
        if session is not None:
            session.close()


# Python's cyclic garbage collector runs every 700 new container objects by default, every 10th
# run looks at older objects too, and every 100th at all of them: a rebuild that unpickles the
# cached library (a million small objects) spent about a sixth of its time there. Builds make
# little cyclic garbage, so the collector runs far less often while one is under way.
GC_THRESHOLDS = (10_000, 100)  # new objects between young collections; young ones between older ones


_usual_thresholds: list[tuple[int, ...]] = []  # while a build runs: the thresholds to restore


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage cycles less often while the build runs (restored afterwards). Not in
    forked workers: rendering pages and Markdown there makes garbage cycles at a steady rate,
    and their memory would grow."""
    before = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLDS[0], before[0]), max(GC_THRESHOLDS[1], before[1]), *before[2:])
    _usual_thresholds.append(before)
    try:
        yield
    finally:
        _usual_thresholds.pop()
        gc.set_threshold(*before)
        gc.unfreeze()  # what ``long_lived`` froze: the collector sees it again, as the oldest generation


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """For stages whose objects live as long as the build: the library read back from the build
    cache (a million small objects), the plan and the statistics. The collector does not run
    while they are made (each young collection would walk the new objects: 40–50 ms of a new
    issue's build); afterwards they are frozen (gc.freeze), so that the next collection does
    not walk them all at once either. ``fewer_collections`` unfreezes them when the build ends
    (a fork does earlier, below: into the oldest generation, which young collections do not walk
    either), so a watch-mode rebuild's collector sees the previous library as garbage as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # before the collector is back: its first run would walk them all at once
        if enabled:
            gc.enable()


def _usual_collections_in_child() -> None:
    if _usual_thresholds:
        gc.set_threshold(*_usual_thresholds[0])
        gc.enable()  # a worker forked while ``long_lived`` held the collector (Markdown's) collects


if hasattr(os, "register_at_fork"):  # (not on Windows, which has no fork)
    # Objects made before a fork are frozen for the child's collector (Python's gc.freeze recipe):
    # a collection in a worker would otherwise touch every inherited object and copy the
    # parent's whole heap page by page. The parent unfreezes them at once.
    os.register_at_fork(before=gc.freeze, after_in_parent=gc.unfreeze,
                        after_in_child=_usual_collections_in_child)


def check_options(options: BuildOptions) -> None:
    """Folders that cannot work, refused before anything is read or written (UsageError)."""
    diags = Diagnostics()
    content, out, templates = (Path(p).resolve() for p in (options.content, options.out, options.templates))
    if out.exists() and not out.is_dir():
        diags.add("E331", str(options.out), path=str(options.out))
    if out == content or out.is_relative_to(content) or content.is_relative_to(out):
        diags.add("E332", str(options.out), out=str(options.out), content=str(options.content))
    missing = [name for name in theme_templates(DEFAULT_TEMPLATES) if not (templates / name).is_file()]
    if missing:
        diags.add("E333", str(options.templates), path=str(options.templates), missing="、".join(missing[:5]),
                  count=len(missing))
    if diags.errors:
        raise UsageError(diags)


def theme_templates(folder: Path) -> list[str]:
    """The templates a theme must have: those of the built-in theme (there is no fallback to it)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def _rebuild(options: BuildOptions, session: CacheSession | None, started: float) -> BuildResult:
    """Every stage, with the cache doing what it can."""
    from bulletin.markdown.parallel import default_jobs
    from bulletin.render.environment import make_environment
    from bulletin.render.incremental import NoPreviousBuild, render_changed
    from bulletin.write.portable import check_path_lengths

    content, out, templates = Path(options.content), Path(options.out), Path(options.templates)
    jobs = options.jobs or default_jobs()
    memo = session.store if session is not None else None
    with long_lived():
        lib, diags = check(content, include_drafts=options.drafts, memo=memo, jobs=jobs,
                           known_stats=session.content_stats if session is not None else None)
    if lib is None or diags.errors:  # markdown-stage errors (unsafe links, E3xx) stop the build too
        raise BuildError(diags)
    env = make_environment(templates, session.folder / "jinja" if session is not None else None)
    features = enabled_features(options.features)
    for feature in features:  # before planning: what a feature keeps between builds (render/feature.py)
        feature.use_cache(memo)
    previous = session if session is not None else NoPreviousBuild()
    with long_lived():
        router, plan, statics = plan_outputs(lib, content, templates, features, diags, previous, memo)
    for feature in features:  # build-wide warnings (the PDFs' font substitutions)
        feature.diagnose(lib, content, diags)
    check_path_lengths(out, [path for path, _ in plan.page_paths()] + [copy.path for copy in plan.copies], diags)
    if diags.errors:  # two sources on one output path, or paths too long: nothing is written
        raise BuildError(diags)
    writer = SiteWriter(out)
    try:
        rendered = render_changed(lib, plan, env, router, previous, writer.add, jobs, memo, features)
        for item in plan.copies + statics:
            writer.add(item)
        report = writer.commit(rendered.kept, session.found if session is not None else None)
    except OSError as failure:  # a full disk, a folder made read-only: the old site stays as it was
        writer.abort()
        diags.add("E335", str(out), path=str(out), reason=failure.strerror or str(failure),
                  errno=errno.errorcode.get(failure.errno or 0, ""))
        raise BuildError(diags) from None
    except UnsafeSourceError as refused:  # swapped for a link (or a hard link) since it was checked
        writer.abort()
        diags.add("E326", _shown(refused.path, content), path=_shown(refused.path, content),
                  reason=refused.reason, reason_en=refused.reason_en)
        raise BuildError(diags) from None
    except BaseException:
        writer.abort()
        raise
    if session is not None:
        session.finish(rendered.fingerprints, rendered.groups, report.stats, rendered.kept, diags.items)
        _report_cache_problems(session, diags)  # after finish: not repeated by the next no-op build
    return BuildResult(lib, diags, report, time.perf_counter() - started, rendered.rendered_pages)


def plan_outputs(lib: Library, content: Path, templates: Path, features: list[Feature], diags: Diagnostics,
                 previous: PreviousBuild | None = None,
                 memo: Memo | None = None) -> tuple[Router, SitePlan, list[OutputFile]]:
    """The router, the plan of every output and the theme's static files, with every output
    path claimed (E230–E232 into ``diags``); ``check`` runs this too, without rendering.
    ``previous``: the last build, whose records spare planning unchanged issues' pages in full;
    ``memo``: the build cache."""
    from bulletin.render.pages import plan_site, static_copies
    from bulletin.router import Router

    router = Router(tags=lib.by_tag)
    plan = plan_site(lib, content, router, features, memo)
    plan.settle_bundles(previous.recorded_paths if previous is not None else None)
    statics = static_copies(templates)
    _claim_outputs(plan, statics, diags)
    return router, plan, statics


def _claim_outputs(plan: SitePlan, statics: list[OutputFile], diags: Diagnostics) -> None:
    """Every output path, claimed once (router.OutputRegistry) before anything is rendered.
    A feature's files whose paths are not known beforehand are claimed as they are made.
    Paths of a bundle taken from the last build's record are claimed for its issue: should one
    clash, every bundle is planned in full and claimed again, so that each message names the
    page's own source file."""
    from bulletin.router import OutputRegistry

    registry = OutputRegistry(Diagnostics())
    _claim_paths(plan, statics, registry)
    if registry.diags.items and not all(bundle.expanded for bundle in plan.bundles):
        for bundle in plan.bundles:
            bundle.specs()
        registry = OutputRegistry(Diagnostics())
        _claim_paths(plan, statics, registry)
    diags.extend(registry.diags.items)
    registry.diags = diags  # files claimed as they are made report into the build's messages
    for group in plan.generated:
        group.make = partial(_claimed_as_made, group.make, group.name, registry)


def _claim_paths(plan: SitePlan, statics: list[OutputFile], registry: OutputRegistry) -> None:
    for path, origin in plan.page_paths():
        registry.claim(path, origin)
    for group in plan.generated:
        for path in group.paths:
            registry.claim(path, group.name)
    for item in plan.copies + statics:
        registry.claim(item.path, item.origin or item.path)
    for path, source in plan.unpublished:
        registry.claim(path, source)


def _claimed_as_made(make: Callable[[Memo | None], list[OutputFile]], name: str, registry: OutputRegistry,
                     memo: Memo | None) -> list[OutputFile]:
    made = make(memo)
    for item in made:
        registry.claim(item.path, name, again=True)
    if registry.diags.errors:
        raise BuildError(registry.diags)
    return made


def _report_cache_problems(session: CacheSession, diags: Diagnostics) -> None:
    for reason, reason_en in session.problems:
        diags.add("W413", str(session.folder), reason=reason, reason_en=reason_en)


def _shown(path: Path, content: Path) -> str:
    """A content file as messages name it: relative to the content folder when inside it."""
    try:
        return Path(path).relative_to(content).as_posix()
    except ValueError:
        return str(path)


def _open_cache(options: BuildOptions) -> CacheSession | None:
    if not options.use_cache:
        return None
    folder = Path(options.cache) if options.cache else default_cache_folder(options.content)
    from bulletin.validate.fields import today

    features = [name for name in FEATURE_NAMES if options.features is None or name in options.features]
    key = repr((str(Path(options.content).resolve()), str(Path(options.templates).resolve()), options.drafts,
                features))
    try:
        # one process (``--jobs 1``): the output folder is not scanned in a second one either
        return CacheSession(folder, Path(options.out), key, today().isoformat(), parallel=options.jobs != 1)
    except CacheFolderError as problem:
        diags = Diagnostics()
        diags.add("E250", str(folder), folder=str(folder), reason=str(problem))
        raise BuildError(diags) from None

"""The build, stage by stage: load → validate → model → markdown → render → write.

Every stage reports into one ``Diagnostics``; rendering starts only when the
content has no errors, so a bad file never produces a half site.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.errors import BuildError, Diagnostics
from bulletin.load import load_content
from bulletin.markdown import render_library
from bulletin.model.library import Library, build_library
from bulletin.render.environment import DEFAULT_TEMPLATES, make_environment
from bulletin.render.outputs import OutputFile
from bulletin.render.pages import plan_site, render_site, static_copies
from bulletin.router import Router
from bulletin.validate import validate
from bulletin.write import WriteReport, write_site


@dataclass
class BuildOptions:
    content: Path
    out: Path = Path("site")
    templates: Path = DEFAULT_TEMPLATES
    drafts: bool = False
    extra_globals: dict = field(default_factory=dict)  # e.g. the live-reload flag of serve
    features: list[str] | None = None  # the page features to build (render/pages.py FEATURES); None: all


@dataclass
class BuildResult:
    library: Library
    diagnostics: Diagnostics
    report: WriteReport
    seconds: float


def check(content: Path, include_drafts: bool = False) -> tuple[Library | None, Diagnostics]:
    """Load and validate only; the library is None when there are errors."""
    diags = Diagnostics()
    raw = load_content(Path(content), diags)
    validated = validate(raw, diags)
    if diags.errors:
        return None, diags
    lib = build_library(validated, include_drafts=include_drafts)
    render_library(lib, Path(content), diags)
    return lib, diags


def build(options: BuildOptions) -> BuildResult:
    """Build the whole site; raises BuildError (with every problem) on bad content."""
    started = time.perf_counter()
    lib, diags = check(options.content, include_drafts=options.drafts)
    if lib is None or diags.errors:  # markdown-stage errors (unsafe links, E3xx) stop the build too
        raise BuildError(diags)
    if not Path(options.templates).is_dir():
        diags.add("E224", str(options.templates), path=str(options.templates))
        raise BuildError(diags)
    router = Router()
    env = make_environment(Path(options.templates))
    plan = plan_site(lib, Path(options.content), router, options.features)
    outputs: list[OutputFile] = render_site(lib, plan, env, router, options.extra_globals, options.features)
    outputs += plan.copies + static_copies(Path(options.templates))
    report = write_site(Path(options.out), outputs)
    return BuildResult(lib, diags, report, time.perf_counter() - started)

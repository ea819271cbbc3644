"""Time chanblog, Pelican and Hugo side by side on the same generated corpus.

    python bench/run.py [--sizes 1000 4000] [--full] [--runs 3] [--cold-only] [--keep] [--fresh] [--seed 1]
                        [--compare-up-to 10000]
    python bench/run.py --sizes 1000 4000 10000 --cold-only   # issue 15's figures: cold, CPU per post
    python bench/run.py --sizes 1000 10000 100000 --cold-only --runs 1   # issue 20's memory and scale targets

Makes (or reuses) a virtualenv in bench/.venv with Pelican, psutil and this repository's chanblog
(editable), then runs itself again inside it, so the two Python tools run under the same Python.
Hugo is timed too when a `hugo` program is on PATH (`hugo --quiet`, no server); without it the
bench says so and goes on with the other two. chanblog's site has search off, as Pelican and Hugo
make no search index; the bench checks that before it measures. For each corpus size N it writes
(or reuses) the corpus in bench/work/N/ (see corpus.py) and times four scenarios per tool (only
the first with --cold-only), each --runs times, every build a fresh process:

* cold: the tool's output, cache and (for chanblog) spare folder deleted, then a build;
* no-change: a build with nothing changed since the last one;
* body edit: one sentence appended to one post (a different post each run), then a build;
* title edit: one post's title changed (a different post each run), then a build.

Warm scenarios start with one unmeasured build. Every tool gets the same edits, and every edited
post is restored when its scenario ends. Each build's wall time, its CPU time (user + system
time of the build process and every process it waited for, such as a process pool's workers) and
the peak memory of its process tree (PSS summed over the process and its children, so memory a
process pool shares with its parent counts once; RSS where PSS is not available; sampled every
20 ms, or less often when one sample costs more than 3% of that time, so that the sampler hardly
slows the build) are recorded; a table per N is printed, then the cold builds' CPU per post for every N,
then the memory and scale targets of issue 20 with the figures this run measured for them, and the
figures are written to bench/work/results-N.json. Above --compare-up-to posts (default 10,000:
Pelican takes about five minutes at 10,000 posts, and would take hours at 100,000) only chanblog
is timed, and the bench says so. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import corpus

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
VENV_DIR = BENCH_DIR / ".venv"
WORK_DIR = BENCH_DIR / "work"
VENV_STAMP = VENV_DIR / "bench-stamp.txt"
REQUIREMENTS = ("pelican[markdown]", "psutil")
SCENARIOS = ("cold", "no-change", "body edit", "title edit")
FULL_SIZE = 10_000
COMPARE_UP_TO = 10_000  # posts; above this only chanblog is timed
MEMORY_TARGET = (10_000, 400)  # issue 20: a cold build of 10,000 posts peaks under 400 MiB
SCALE_TARGET = (100_000, 2048)  # and one of 100,000 posts finishes under 2 GiB
POLL_SECONDS = 0.02
# The most of one core the memory sampler may take: reading a large process tree's memory maps
# costs milliseconds, and a build that uses every core would wait for the sampler.
SAMPLER_SHARE = 0.03
MIB = 1024 * 1024


# The virtualenv -----------------------------------------------------------------------------

def venv_bin(name: str) -> Path:
    """A program installed in the bench virtualenv."""
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV_DIR / folder / f"{name}{suffix}"


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV_DIR.resolve()


def install_stamp() -> str:
    """What the virtualenv was installed from: the requirements and chanblog's pyproject.toml."""
    pyproject = (REPO_DIR / "pyproject.toml").read_bytes()
    return hashlib.sha256(repr(REQUIREMENTS).encode() + pyproject).hexdigest()


def venv_is_ready() -> bool:
    """Whether the virtualenv exists, was installed from the current pyproject.toml, and imports all."""
    python = venv_bin("python")
    if not python.exists() or not VENV_STAMP.exists() or VENV_STAMP.read_text().strip() != install_stamp():
        return False
    check = "import chanblog, markdown, pelican, psutil"
    return subprocess.run([str(python), "-c", check], capture_output=True).returncode == 0


def ensure_venv() -> None:
    """Create or repair bench/.venv with Pelican, psutil and chanblog (editable)."""
    if venv_is_ready():
        return
    print("Setting up the bench virtualenv (bench/.venv)...", flush=True)
    if not venv_bin("python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)], check=True)
    subprocess.run([str(venv_bin("python")), "-m", "pip", "install", "--quiet", *REQUIREMENTS,
                    "-e", str(REPO_DIR)], check=True)
    VENV_STAMP.write_text(install_stamp() + "\n")


def compile_chanblog() -> None:
    """Write the bytecode of chanblog's modules, as `pip install` does for an installed package (and
    did for Pelican's): an editable install leaves that to the first import, and where the
    environment says not to write bytecode (PYTHONDONTWRITEBYTECODE) every build would compile
    chanblog's modules again, about 0.2 s of CPU that no user's installed chanblog spends."""
    compileall.compile_dir(REPO_DIR / "src" / "chanblog", quiet=1)


def rerun_in_venv() -> None:
    """Replace this process with the same command run by the virtualenv's Python."""
    python = str(venv_bin("python"))
    os.execv(python, [python, str(Path(__file__).resolve()), *sys.argv[1:]])


# The tools ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:
    """One static site generator, its copy of the corpus, and how to build it."""

    name: str
    site: Path
    command: tuple[str, ...]
    posts: Path  # the folder of post files
    generated: tuple[Path, ...]  # output and cache, deleted for a cold build
    render: Callable[[corpus.Post], str]

    def clean(self) -> None:
        for path in self.generated:
            shutil.rmtree(path, ignore_errors=True)

    def write_post(self, post: corpus.Post) -> None:
        """Write `post` in this tool's format, touching the file only when its text changes."""
        path = self.posts / post.filename
        text = self.render(post)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def chanblog_tool(site: Path) -> Tool:
    return Tool(
        name="chanblog",
        site=site,
        command=(str(venv_bin("chanblog")), "--site", str(site), "build"),
        posts=site / "posts",
        # the spare is the folder the last build replaced, which the next build updates: a cold build has none
        generated=(site / "_site", site / "._site.spare", site / ".chanblog-cache"),
        render=corpus.chanblog_text,
    )


def pelican_tool(site: Path) -> Tool:
    return Tool(
        name="Pelican",
        site=site,
        command=(str(venv_bin("pelican")), "content", "-s", "pelicanconf.py", "-o", "output"),
        posts=site / "content",
        generated=(site / "output", site / "cache"),
        render=corpus.pelican_text,
    )


def hugo_tool(site: Path, program: str) -> Tool:
    """Hugo builds everything on every run (it keeps no cache of pages between runs without its server)."""
    return Tool(
        name="Hugo",
        site=site,
        command=(program, "--quiet"),
        posts=site / "content" / "posts",
        generated=(site / "public", site / "resources"),
        render=corpus.hugo_text,
    )


def make_tools(corpus_dir: Path, hugo: str | None, compared: bool = True) -> tuple[Tool, ...]:
    """chanblog first (the tables' ratios are chanblog / each other tool), then Pelican, then Hugo
    if installed; chanblog alone unless `compared`."""
    if not compared:
        return (chanblog_tool(corpus_dir / "chanblog"),)
    tools = (chanblog_tool(corpus_dir / "chanblog"), pelican_tool(corpus_dir / "pelican"))
    return (*tools, hugo_tool(corpus_dir / "hugo", hugo)) if hugo else tools


def check_search_off(site: Path) -> None:
    """Stop unless chanblog's site has search and social cards off: Pelican and Hugo make neither."""
    from chanblog.config import load_config

    config = load_config(site)
    if config.search:
        sys.exit(f"search is on in {site.name}/site.yaml; this bench compares builds with search off "
                 "(bench/search_cost.py measures what search adds)")
    if getattr(config, "cards", None):
        sys.exit(f"social cards are on in {site.name}/site.yaml; this bench compares builds with cards off")


# Measuring one build ------------------------------------------------------------------------

@dataclass(frozen=True)
class Measurement:
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the build's processes
    peak_mib: float


class BuildFailed(Exception):
    def __init__(self, tool: Tool, returncode: int, stderr: str) -> None:
        super().__init__(f"{tool.name} build exited with status {returncode}")
        self.stderr = stderr


class PeakMemory(threading.Thread):
    """Samples the summed PSS (proportional set size) of a process and all its descendants until stopped; keeps the max.

    It waits between samples 20 ms or 1/SAMPLER_SHARE times as long as the last sample took, whichever is longer."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_bytes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop_event.is_set():
            started = time.perf_counter()
            self.peak_bytes = max(self.peak_bytes, self._tree_memory(root))
            cost = time.perf_counter() - started
            self._stop_event.wait(max(POLL_SECONDS, cost / SAMPLER_SHARE))

    @staticmethod
    def _tree_memory(root: Any) -> int:
        """PSS summed over the tree: pages a process pool shares with its parent count once."""
        import psutil

        total = 0
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        for process in processes:
            try:
                info = process.memory_full_info()
                total += getattr(info, "pss", info.rss)
            except psutil.Error:
                pass
        return total

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def children_cpu_seconds() -> float:
    """User + system time of every child process this one has waited for, and of the processes they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(tool: Tool) -> Measurement:
    """Run one build of `tool` in a fresh process; its wall time, CPU time and peak memory.

    Files written or deleted before are flushed to disk first, so that no build is timed
    while the disk is still busy with the one before it. The CPU time is the growth of this
    process's children's time, so builds must not overlap."""
    os.sync()
    cpu_before = children_cpu_seconds()
    start = time.perf_counter()
    process = subprocess.Popen(tool.command, cwd=tool.site, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    sampler = PeakMemory(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    cpu_seconds = children_cpu_seconds() - cpu_before
    sampler.stop()
    if process.returncode != 0:
        raise BuildFailed(tool, process.returncode, stderr)
    return Measurement(seconds, cpu_seconds, sampler.peak_bytes / MIB)


# Scenarios ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Corpus:
    """A generated corpus and the posts the edit scenarios change, run by run."""

    count: int
    seed: int
    body_targets: tuple[int, ...]
    title_targets: tuple[int, ...]

    def post(self, index: int) -> corpus.Post:
        return corpus.make_post(index, self.count, self.seed)

    def edited(self, scenario: str, run: int) -> corpus.Post:
        """The post `scenario` changes in run `run`, as changed."""
        if scenario == "body edit":
            post = self.post(self.body_targets[run])
            sentence = f"This sentence was appended by the benchmark in run {run + 1}."
            return dataclasses.replace(post, body=f"{post.body}\n{sentence}\n")
        post = self.post(self.title_targets[run])
        return dataclasses.replace(post, title=f"{post.title} revised {run + 1}")

    def restore(self, tools: tuple[Tool, ...]) -> None:
        """Put every post the edit scenarios touch back as generated."""
        for index in (*self.body_targets, *self.title_targets):
            post = self.post(index)
            for tool in tools:
                tool.write_post(post)


def pick_targets(count: int, runs: int, seed: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Distinct posts for the body edits and the title edits, the same on every invocation."""
    picks = random.Random(f"edits {seed} {count}").sample(range(count), 2 * runs)
    return tuple(picks[:runs]), tuple(picks[runs:])


@contextmanager
def restored(posts: Corpus, tools: tuple[Tool, ...]) -> Iterator[None]:
    try:
        yield
    finally:
        posts.restore(tools)


def run_scenario(scenario: str, tool: Tool, posts: Corpus, runs: int) -> list[Measurement]:
    """Measure `runs` builds of `tool` in `scenario`."""
    if scenario != "cold":
        measure(tool)  # warm-up: the cache exists and reflects the sources
    results = []
    with restored(posts, (tool,)):
        for run in range(runs):
            if scenario == "cold":
                tool.clean()
            elif scenario in ("body edit", "title edit"):
                tool.write_post(posts.edited(scenario, run))
            result = measure(tool)
            print(f"  {scenario:<10}  {tool.name:<8}  run {run + 1}/{runs}: {result.seconds:7.2f} s"
                  f"  {result.cpu_seconds:7.2f} s CPU  {result.peak_mib:7.1f} MiB", flush=True)
            results.append(result)
    return results


# One corpus size ----------------------------------------------------------------------------

def prepare_corpus(count: int, seed: int, fresh: bool) -> Path:
    """bench/work/N, generated if missing, incomplete, made with another seed, or if `fresh`."""
    corpus_dir = WORK_DIR / str(count)
    if fresh or not corpus.is_complete(count, corpus_dir, seed):
        shutil.rmtree(corpus_dir, ignore_errors=True)
        print(f"Generating {count} posts in bench/work/{count}/ ...", flush=True)
        corpus.write_corpus(count, corpus_dir, seed)
    return corpus_dir


def summarize(measurements: list[Measurement]) -> dict[str, Any]:
    return {
        "seconds": [round(m.seconds, 4) for m in measurements],
        "median_seconds": round(statistics.median(m.seconds for m in measurements), 4),
        "cpu_seconds": [round(m.cpu_seconds, 4) for m in measurements],
        "median_cpu_seconds": round(statistics.median(m.cpu_seconds for m in measurements), 4),
        "peak_mib": [round(m.peak_mib, 1) for m in measurements],
        "max_peak_mib": round(max(m.peak_mib for m in measurements), 1),
    }


def cpu_ms_per_post(scenarios: dict[str, Any], count: int) -> dict[str, float]:
    """Each tool's median cold-build CPU time divided by the number of posts, in milliseconds."""
    return {name: round(1000 * figures["median_cpu_seconds"] / count, 3) for name, figures in scenarios["cold"].items()}


def bench_size(count: int, scenario_names: tuple[str, ...], runs: int, seed: int, fresh: bool, keep: bool,
               hugo: str | None, compare_up_to: int = COMPARE_UP_TO) -> dict[str, Any]:
    """Every scenario for every tool on an N-post corpus; the figures by scenario and tool."""
    print(f"\n== {count} posts ==", flush=True)
    corpus_dir = prepare_corpus(count, seed, fresh)
    load = os.getloadavg()[0]  # other work on the machine skews wall times most, CPU times less
    print(f"  load average (1 min) before measuring: {load:.2f}", flush=True)
    check_search_off(corpus_dir / "chanblog")
    if count > compare_up_to:
        print(f"  only chanblog is timed above {compare_up_to:,} posts (--compare-up-to): "
              "Pelican and Hugo are skipped at this size", flush=True)
    tools = make_tools(corpus_dir, hugo, compared=count <= compare_up_to)
    posts = Corpus(count, seed, *pick_targets(count, runs, seed))
    posts.restore(tools)  # undo the edits of an interrupted earlier run
    scenarios: dict[str, dict[str, Any]] = {}
    try:
        for scenario in scenario_names:
            scenarios[scenario] = {tool.name: summarize(run_scenario(scenario, tool, posts, runs))
                                   for tool in tools}
    finally:
        if not keep:
            for tool in tools:
                tool.clean()
    return {"posts": count, "runs": runs, "seed": seed, "load_average_before": round(load, 2),
            "chanblog_search": False, "scenarios": scenarios,
            "cold_cpu_ms_per_post": cpu_ms_per_post(scenarios, count)}


# Reporting ----------------------------------------------------------------------------------

def git_revision() -> str:
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO_DIR,
                              capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "chanblog": version("chanblog"),
        "chanblog_revision": git_revision(),
        "pelican": version("pelican"),
        "markdown": version("markdown"),
        "hugo": hugo_version(),
    }


def hugo_version() -> str | None:
    """The version `hugo version` reports (like v0.111.3+extended), or None when there is no hugo on PATH."""
    program = shutil.which("hugo")
    if program is None:
        return None
    done = subprocess.run([program, "version"], capture_output=True, text=True)
    words = done.stdout.split()
    return words[1] if done.returncode == 0 and len(words) > 1 else "unknown version"


def print_environment(env: dict[str, Any]) -> None:
    print(f"Python {env['python']} on {env['platform']}, {env['cpu_count']} CPUs")
    hugo = f"Hugo {env['hugo']}" if env["hugo"] else "Hugo not installed (no hugo on PATH): skipped"
    print(f"chanblog {env['chanblog']} ({env['chanblog_revision']}), Pelican {env['pelican']}, "
          f"Markdown {env['markdown']}, {hugo}", flush=True)


def ratio(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.2f}" if theirs else "n/a"


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def figures_row(label: str, figures: list[float], spec: str) -> str:
    """`label`, each tool's figure, then chanblog's (the first) divided by each other tool's."""
    ratios = [ratio(figures[0], theirs) for theirs in figures[1:]]
    return table_row([label, *(format(figure, spec) for figure in figures), *ratios])


def table_header(first: str, names: list[str], ratios: bool) -> str:
    cells = [first, *names, *([f"{names[0]}/{name}" for name in names[1:]] if ratios else [])]
    return table_row(cells) + "\n" + table_row(["---", *["---:"] * (len(cells) - 1)])


def print_table(results: dict[str, Any]) -> None:
    """Wall and CPU seconds of each scenario, and cold builds' peak memory, tool by tool."""
    scenarios = results["scenarios"]
    names = list(scenarios["cold"])
    print(f"\n{results['posts']} posts, median of {results['runs']} runs "
          "(CPU: user + system time of the build's processes):\n")
    print(table_header("scenario", names, ratios=True))
    for scenario, tools in scenarios.items():
        print(figures_row(f"{scenario}, wall s", [tools[name]["median_seconds"] for name in names], ".2f"))
        print(figures_row(f"{scenario}, CPU s", [tools[name]["median_cpu_seconds"] for name in names], ".2f"))
    cold = scenarios["cold"]
    print(figures_row("cold, peak memory (MiB, max)", [cold[name]["max_peak_mib"] for name in names], ".0f"),
          flush=True)


def print_cpu_per_post(all_results: list[dict[str, Any]]) -> None:
    """The cold builds' median CPU time per post, one row per corpus size ("-": not timed at that size)."""
    names = list(dict.fromkeys(name for results in all_results for name in results["cold_cpu_ms_per_post"]))
    print("\nCold builds, CPU ms per post (median build's user + system time / posts):\n")
    print(table_header("posts", names, ratios=False))
    for results in all_results:
        per_post = results["cold_cpu_ms_per_post"]
        print(table_row([f"{results['posts']:,}", *(f"{per_post[name]:.2f}" if name in per_post else "-"
                                                    for name in names)]))


def cold_peak(results: dict[str, Any], tool: str) -> float | None:
    figures = results["scenarios"]["cold"].get(tool)
    return figures["max_peak_mib"] if figures else None


def target_line(target: str, results: dict[str, Any] | None, limit_mib: float) -> str:
    """A memory target, chanblog's measured peak and whether it is under the target, and the
    ratios to the other tools measured in the same run."""
    if results is None:
        return f"{target}: not measured in this run"
    mine = cold_peak(results, "chanblog")
    assert mine is not None
    others = [name for name in results["scenarios"]["cold"] if name != "chanblog"]
    ratios = ", ".join(f"{ratio(mine, cold_peak(results, name) or 0)} of {name}'s {cold_peak(results, name):.0f} MiB"
                       for name in others) or "no other tool timed at this size"
    verdict = "met" if mine < limit_mib else "NOT met"
    return f"{target}: {mine:.0f} MiB, {verdict} ({ratios})"


def print_targets(all_results: list[dict[str, Any]]) -> None:
    """Issue 20's memory and scale targets, each with what this run measured for it."""
    by_size = {results["posts"]: results for results in all_results}
    (memory_size, memory_mib), (scale_size, scale_mib) = MEMORY_TARGET, SCALE_TARGET
    print("\nTargets (peak PSS of the cold build's process tree, the highest of the runs):\n")
    print(f"- {target_line(f'{memory_size:,} posts, cold build, peak memory < {memory_mib} MiB', by_size.get(memory_size), memory_mib)}")
    print(f"- {target_line(f'{scale_size:,} posts, cold build finishes, peak memory < {scale_mib} MiB', by_size.get(scale_size), scale_mib)}")
    sizes = sorted(by_size)
    if len(sizes) > 1:
        per_post = [by_size[size]["cold_cpu_ms_per_post"]["chanblog"] for size in sizes]
        steps = ", ".join(f"{size:,}: {ms:.2f} ms" for size, ms in zip(sizes, per_post))
        growth = per_post[-1] / per_post[0] if per_post[0] else 0
        print(f"- chanblog's cold CPU per post, linear or better: {steps} "
              f"({growth:.2f}x from {sizes[0]:,} to {sizes[-1]:,} posts; 1.00x is linear)", flush=True)


# Issue 20's targets for warm builds: (posts, scenario, the most CPU seconds, the most wall seconds).
WARM_TARGETS = ((10_000, "body edit", 0.5, 1.0), (10_000, "title edit", 0.5, 1.0), (10_000, "no-change", 0.3, 0.3))
PELICAN_EDGE = (4_000, 10.0)  # and an edit at 4,000 posts at least ten times faster than Pelican with its cache


def warm_target_line(size: int, scenario: str, cpu_limit: float, wall_limit: float,
                     results: dict[str, Any] | None) -> str:
    """A warm target, chanblog's median CPU and wall seconds and whether both are under it, and
    the other tools' wall times in the same run with chanblog's ratio to each."""
    target = f"{size:,} posts, {scenario}: < {cpu_limit} s CPU and < {wall_limit} s wall"
    tools = (results or {}).get("scenarios", {}).get(scenario)
    if not tools:
        return f"{target}: not measured in this run"
    mine = tools["chanblog"]
    cpu, wall = mine["median_cpu_seconds"], mine["median_seconds"]
    verdict = "met" if cpu < cpu_limit and wall < wall_limit else "NOT met"
    others = ", ".join(f"{name} {figures['median_seconds']:.2f} s wall, ratio {ratio(wall, figures['median_seconds'])}"
                       for name, figures in tools.items() if name != "chanblog") or "no other tool timed at this size"
    return f"{target}: {cpu:.2f} s CPU, {wall:.2f} s wall, {verdict} ({others})"


def pelican_edge_line(scenario: str, results: dict[str, Any] | None) -> str:
    size, times = PELICAN_EDGE
    target = f"{size:,} posts, {scenario}: at least {times:.0f}x faster than Pelican with its cache (wall)"
    tools = (results or {}).get("scenarios", {}).get(scenario, {})
    if "chanblog" not in tools or "Pelican" not in tools:
        return f"{target}: not measured in this run"
    mine, pelican = tools["chanblog"]["median_seconds"], tools["Pelican"]["median_seconds"]
    faster = pelican / mine if mine else 0
    return (f"{target}: {mine:.2f} s against {pelican:.2f} s, {faster:.1f}x, "
            f"{'met' if faster >= times else 'NOT met'}")


def print_warm_targets(all_results: list[dict[str, Any]]) -> None:
    """Issue 20's edit and no-change targets, each with what this run measured for it."""
    by_size = {results["posts"]: results for results in all_results}
    print("\nTargets for warm builds (median of the runs; CPU: user + system time of the build's processes):\n")
    for size, scenario, cpu_limit, wall_limit in WARM_TARGETS:
        print(f"- {warm_target_line(size, scenario, cpu_limit, wall_limit, by_size.get(size))}")
    for scenario in ("body edit", "title edit"):
        print(f"- {pelican_edge_line(scenario, by_size.get(PELICAN_EDGE[0]))}", flush=True)


def write_results(results: dict[str, Any], env: dict[str, Any]) -> Path:
    path = WORK_DIR / f"results-{results['posts']}.json"
    path.write_text(json.dumps({"environment": env, **results}, indent=2) + "\n", encoding="utf-8")
    return path


# Command line -------------------------------------------------------------------------------

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time chanblog, Pelican and Hugo on the same generated corpus.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000], metavar="N",
                        help="corpus sizes, in posts (default: 1000 4000)")
    parser.add_argument("--full", action="store_true", help=f"also run {FULL_SIZE:,} posts")
    parser.add_argument("--runs", type=int, default=3, help="measured builds per scenario (default 3)")
    parser.add_argument("--cold-only", action="store_true",
                        help="time cold builds only (wall, CPU and CPU per post), not the warm scenarios")
    parser.add_argument("--seed", type=int, default=1, help="the corpus's random seed (default 1)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the corpora even if present")
    parser.add_argument("--keep", action="store_true",
                        help="keep the tools' outputs and caches in bench/work/N/ afterwards")
    parser.add_argument("--compare-up-to", type=int, default=COMPARE_UP_TO, metavar="N",
                        help=f"time Pelican and Hugo only at sizes up to N posts (default {COMPARE_UP_TO:,})")
    args = parser.parse_args()
    if args.full and FULL_SIZE not in args.sizes:
        args.sizes.append(FULL_SIZE)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if any(size < 2 * args.runs for size in args.sizes):
        parser.error("each size needs at least two posts per run (they are edited in turn)")
    return args


def main() -> None:
    args = parse_args()
    if not in_venv():
        ensure_venv()
        rerun_in_venv()
    compile_chanblog()
    env = environment()
    print_environment(env)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    scenarios = SCENARIOS[:1] if args.cold_only else SCENARIOS
    hugo = shutil.which("hugo")
    all_results = []
    for count in args.sizes:
        try:
            results = bench_size(count, scenarios, args.runs, args.seed, args.fresh, args.keep, hugo,
                                 args.compare_up_to)
        except BuildFailed as failure:
            print(f"\n{failure}:\n{failure.stderr}", file=sys.stderr)
            sys.exit(1)
        print_table(results)
        write_results(results, env)
        print(f"\nWrote bench/work/results-{count}.json", flush=True)
        all_results.append(results)
    print_cpu_per_post(all_results)
    print_targets(all_results)
    if not args.cold_only:
        print_warm_targets(all_results)


if __name__ == "__main__":
    main()

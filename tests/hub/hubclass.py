"""A class on a real JupyterHub, driven end to end: the hub, the instructor's commands, each learner's own server.

:class:`Hub` starts JupyterHub on 127.0.0.1 (its DummyAuthenticator and SimpleLocalProcessSpawner: every user's
single-user server runs as this OS user, with its own home under the run's folder), behind the proxy from npm
(``configurable-http-proxy``), with ``instructors`` and ``learners`` groups and nbgrader's exchange in the run's
folder, set for every server by one class-wide ``nbgrader_config.py`` (``JUPYTER_CONFIG_PATH``), as
``docs/jupyterhub.md`` describes. A test-only service holds the token that creates users, starts their servers
and issues each learner a token of their own.

:class:`Learner` does what a learner does in JupyterLab's *Assignments* tab and editor, through their own server
(the proxy, their token): nbgrader's ``assignment_list`` REST API to fetch, submit and fetch feedback, the
contents API to open the notebook and save answers. :class:`Instructor` runs the instructor's nbgrader commands
from the course folder, in the order ``docs/jupyterhub.md`` gives, the reflection graded by hand (through the
gradebook, as formgrader does) before feedback.

:func:`run_class` runs a whole class and times each phase (``tests/hub/test_class.py``, ``benchmarks/hub_class.py``).
"""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import nbformat
import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grader"))

from grader_course import ASSIGNMENT, Notebook, run_limited, solution_answers  # noqa: E402
from grader_examples import EXAMPLES  # noqa: E402

from kubesim_nb.course.init import init_course  # noqa: E402
from kubesim_nb.grader.assignment import NOTEBOOK_ID, PARTS  # noqa: E402

__all__ = ["ASSIGNMENT", "ClassRun", "Hub", "Instructor", "Learner", "course_folder", "proxy_command", "run_class"]

COURSE_ID = "kubesim-nb"  # the course's own nbgrader_config.py names it so
WAIT_SECONDS = 600  # a hang guard, not a speed requirement: a loaded machine may be slow, never stuck
REQUEST_SECONDS = 300
POLL_SECONDS = 0.5
SELECTOR_TYPO = next(e for e in EXAMPLES if e.name == "selector-typo").answer
REFLECTION_CELLS = [cell for part in PARTS for cell in part.manual_cells]


def proxy_command() -> str | None:
    """``configurable-http-proxy`` from npm (``.ci/run`` installs it)."""
    return shutil.which("configurable-http-proxy")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def course_folder(folder: Path) -> Path:
    """The instructor's course folder, as ``kubesim-course init`` makes it."""
    init_course(folder)
    return folder


# ---------------------------------------------------------------------------------------------- the hub
HUB_CONFIG = """\
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{root}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{root}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{root}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{root}/home/{{username}}"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--ServerApp.allow_root=True", "--LabApp.news_url=None"]  # CI runs as root; as the docs say
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {wait}
c.Spawner.http_timeout = {wait}
c.Spawner.environment = {{"JUPYTER_CONFIG_PATH": "{class_config}", "PATH": {path!r}}}
c.JupyterHub.load_groups = {{"instructors": {{"users": {instructors!r}}}, "learners": {{"users": {learners!r}}}}}
c.JupyterHub.services = [{{"name": "class-driver", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{
        "name": "class-driver",
        "scopes": ["admin:users", "admin:servers", "admin:groups", "tokens", "access:servers"],
        "services": ["class-driver"],
    }}
]
"""

CLASS_NBGRADER_CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
"""


@dataclass
class Hub:
    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def class_config(self) -> Path:
        return self.root / "class-config"

    @classmethod
    def start(cls, root: Path, instructors: list[str], learners: list[str]) -> "Hub":
        proxy = proxy_command()
        if proxy is None:
            raise RuntimeError("configurable-http-proxy is not installed (npm install -g configurable-http-proxy)")
        root.mkdir(parents=True, exist_ok=True)
        (root / "home").mkdir(exist_ok=True)
        exchange = root / "exchange"
        exchange.mkdir(exist_ok=True)
        exchange.chmod(0o777)  # nbgrader's exchange is shared by every user (chmod +w for all, as its docs say)
        class_config = root / "class-config"
        class_config.mkdir(exist_ok=True)
        (class_config / "nbgrader_config.py").write_text(
            CLASS_NBGRADER_CONFIG.format(course_id=COURSE_ID, exchange=str(exchange)), encoding="utf-8"
        )
        port, token = free_port(), secrets.token_hex(32)
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        config = HUB_CONFIG.format(
            port=port,
            hub_port=free_port(),
            api_port=free_port(),
            proxy=proxy,
            root=root,
            python=sys.executable,
            wait=WAIT_SECONDS,
            class_config=class_config,
            path=path,
            instructors=instructors,
            learners=learners,
            token=token,
        )
        (root / "jupyterhub_config.py").write_text(config, encoding="utf-8")
        log = root / "jupyterhub.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(root / "jupyterhub_config.py")],
                cwd=root,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        hub = cls(root, port, token, process, log)
        hub.wait_until(hub.answers, "the hub to answer")
        return hub

    def answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({self.process.returncode}):\n{self.log_tail()}")
        with contextlib.suppress(requests.RequestException):
            return requests.get(f"{self.url}/hub/api/", timeout=10).status_code == 200
        return False

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {WAIT_SECONDS} s for {what}:\n{self.log_tail()}")
            time.sleep(POLL_SECONDS)

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        answer = requests.request(
            method, f"{self.url}/hub/api{path}", headers=headers, timeout=REQUEST_SECONDS, **kwargs
        )
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} /hub/api{path}: {answer.status_code} {answer.text}")
        return answer

    def start_servers(self, names: list[str]) -> None:
        """Start every user's server, then wait until all are ready (JupyterHub spawns them concurrently).

        nbgrader names a learner by their OS account (``nbgrader.utils.get_username``); here every server runs as
        this one, so each user's own ``~/.jupyter/nbgrader_config.py`` names them, as distinct accounts would."""
        for name in names:
            config = self.home(name) / ".jupyter" / "nbgrader_config.py"
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text(f"c = get_config()  # noqa: F821\nc.CourseDirectory.student_id = {name!r}\n")
            self.api("POST", f"/users/{name}/server")

        def ready(name: str) -> bool:
            server = self.api("GET", f"/users/{name}").json()["servers"].get("", {})
            return bool(server.get("ready"))

        for name in names:
            self.wait_until(lambda: ready(name), f"{name}'s server")

    def learner(self, name: str) -> "Learner":
        """``name``'s view: a token of their own, for their own server."""
        body = {"note": "the class test", "scopes": [f"access:servers!user={name}"]}
        token = self.api("POST", f"/users/{name}/tokens", json=body).json()["token"]
        return Learner(self, name, token)

    def home(self, name: str) -> Path:
        return self.root / "home" / name

    def stop(self) -> None:
        """Stop the hub (it stops the servers and the proxy), then end whatever of them is left."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=120)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # the hub and the proxy, if still there
        for pid in processes_in(self.root):  # single-user servers run in sessions of their own
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def processes_in(folder: Path) -> list[int]:
    """The processes whose working directory is inside ``folder`` (the servers this run's hub started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if Path(os.readlink(entry / "cwd")).is_relative_to(folder):
                found.append(int(entry.name))
    return found


def memory_mb(pids: list[int]) -> float:
    """The resident memory of these processes together."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


# ---------------------------------------------------------------------------------------------- the people
@dataclass
class Learner:
    hub: Hub
    name: str
    token: str

    @property
    def home(self) -> Path:
        return self.hub.home(self.name)

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        """A request to this learner's own server, through the proxy, with this learner's token."""
        url = f"{self.hub.url}/user/{self.name}/{path}"
        headers = {"Authorization": f"token {self.token}"}
        answer = requests.request(method, url, headers=headers, timeout=REQUEST_SECONDS, **kwargs)
        if answer.status_code >= 400:
            raise RuntimeError(f"{self.name}: {method} {path}: {answer.status_code} {answer.text[:2000]}")
        return answer

    def assignments(self) -> list[dict]:
        listing = self.call("GET", "assignments", params={"course_id": COURSE_ID}).json()
        if not listing.get("success"):
            raise RuntimeError(f"{self.name}: the assignment list failed: {listing}")
        return listing["value"]

    def act(self, action: str) -> None:
        """``fetch``, ``submit`` or ``fetch_feedback``, as the *Assignments* tab's buttons do."""
        answer = self.call("POST", f"assignments/{action}", json={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
        outcome = answer.json()
        if isinstance(outcome, dict) and outcome.get("success") is False:
            raise RuntimeError(f"{self.name}: {action} failed: {outcome}")

    def notebook(self) -> Notebook:
        content = self.call("GET", f"api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb").json()["content"]
        notebook = Notebook.__new__(Notebook)
        notebook.nb = nbformat.from_dict(content)
        return notebook

    def save(self, notebook: Notebook) -> None:
        model = {"type": "notebook", "format": "json", "content": notebook.nb}
        self.call("PUT", f"api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb", json=model)

    def feedback(self) -> dict[str, str]:
        """The feedback files fetched into this learner's folder: path (relative to home) -> HTML."""
        folder = self.home / ASSIGNMENT / "feedback"
        return {str(p.relative_to(self.home)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))}


@dataclass
class Instructor:
    course: Path
    env: dict[str, str]

    def nbgrader(self, *args: str) -> str:
        done = run_limited([sys.executable, "-m", "nbgrader", *args], self.course, self.env)
        if done.returncode != 0:
            raise AssertionError(f"nbgrader {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout + done.stderr

    def grade_reflections(self, scores: dict[str, dict[str, float]]) -> None:
        """What formgrader's *Manual Grading* page does: a score for each answered reflection cell."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.course / 'gradebook.db'}") as gradebook:
            for student, cells in scores.items():
                for cell, score in cells.items():
                    grade = gradebook.find_grade(cell, NOTEBOOK_ID, ASSIGNMENT, student)
                    grade.manual_score = score
            gradebook.db.commit()

    def needs_manual_grading(self) -> dict[str, set[str]]:
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.course / 'gradebook.db'}") as gradebook:
            return {
                s.id: {
                    g.name
                    for g in gradebook.find_submission_notebook(NOTEBOOK_ID, ASSIGNMENT, s.id).grades
                    if g.needs_manual_grade
                }
                for s in gradebook.students
            }


# ---------------------------------------------------------------------------------------------- a class
@dataclass(frozen=True)
class Plan:
    """What one learner answers: ``correct``, ``wrong`` (a selector typo in Part 1) or ``blank``; the reflection
    (with a phrase no other learner writes) and the points the instructor gives it."""

    kind: str
    reflection: dict[str, str]
    manual: dict[str, float]

    @classmethod
    def of(cls, kind: str, name: str) -> "Plan":
        if kind == "blank":
            return cls(kind, {}, {})
        reflection = {cell: f"{name} thinks {cell} is about Services" for cell in REFLECTION_CELLS}
        points = 2.0 if kind == "correct" else 1.0
        return cls(kind, reflection, dict.fromkeys(REFLECTION_CELLS, points))

    def answers(self) -> dict[str, str]:
        if self.kind == "blank":
            return {}
        answers = dict(solution_answers(), **self.reflection)
        if self.kind == "wrong":
            answers["part1_answer"] = "%%writefile agent-service.yaml\n" + SELECTOR_TYPO
        return answers


KINDS = ("correct", "wrong", "blank")


@dataclass
class ClassRun:
    """What a run leaves for the checks: per learner their plan, the feedback they fetched, the export's rows;
    the time of each phase, and the error of each phase that failed (the later phases run all the same)."""

    hub: Hub
    instructor: Instructor
    learners: list[Learner]
    plans: dict[str, Plan]
    needs_manual: dict[str, set[str]] = field(default_factory=dict)
    feedback: dict[str, dict[str, str]] = field(default_factory=dict)
    grades: dict[str, dict[str, str]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time one phase; an error is recorded under its name, and the run goes on to the next phase."""
        started = time.perf_counter()
        try:
            yield
        except Exception:
            self.failures[name] = traceback.format_exc()
        self.timings[name] = time.perf_counter() - started


def each(learners: list[Learner], action: Callable[[Learner], None]) -> None:
    """``action`` for every learner at once, as a class does it (one thread per learner); the first error raised."""
    errors: list[BaseException] = []

    def run(learner: Learner) -> None:
        try:
            action(learner)
        except BaseException as err:  # re-raised below, in the caller's thread
            errors.append(err)

    threads = [threading.Thread(target=run, args=(learner,), daemon=True) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_SECONDS)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"a learner's step took over {WAIT_SECONDS} s")
    if errors:
        raise errors[0]


def answer(learner: Learner, plan: Plan) -> None:
    notebook = learner.notebook()
    notebook.answers(plan.answers())
    learner.save(notebook)


@contextlib.contextmanager
def class_on_a_hub(root: Path, size: int) -> Iterator[ClassRun]:
    """A hub with an instructor and ``size`` learners (answers cycling correct, wrong, blank), servers started."""
    names = [f"learner-{n + 1}" for n in range(size)]
    started = time.perf_counter()
    hub = Hub.start(root / "hub", ["instructor"], names)
    timings = {"hub up": time.perf_counter() - started}
    try:
        hub.start_servers(names)
        timings["learners' servers up"] = time.perf_counter() - started - timings["hub up"]
        learners = [hub.learner(name) for name in names]
        course = course_folder(root / "course")
        env = dict(os.environ, HOME=str(hub.home("instructor")), JUPYTER_CONFIG_PATH=str(hub.class_config))
        hub.home("instructor").mkdir(parents=True, exist_ok=True)
        plans = {name: Plan.of(KINDS[n % len(KINDS)], name) for n, name in enumerate(names)}
        yield ClassRun(hub, Instructor(course, env), learners, plans, timings=timings)
    finally:
        hub.stop()


def run_class(run: ClassRun) -> ClassRun:
    """Release, fetch, answer, submit, collect, autograde, grade the reflection, feedback, fetch it, export."""
    instructor, learners, phase = run.instructor, run.learners, run.phase
    with phase("release"):
        instructor.nbgrader("generate_assignment", ASSIGNMENT)
        instructor.nbgrader("release_assignment", ASSIGNMENT)
    with phase("fetch"):
        each(learners, lambda learner: learner.act("fetch"))
    with phase("answer"):
        each(learners, lambda learner: answer(learner, run.plans[learner.name]))
    with phase("submit"):
        each(learners, lambda learner: learner.act("submit"))
    with phase("collect"):
        instructor.nbgrader("collect", ASSIGNMENT)
    with phase("autograde"):
        instructor.nbgrader("autograde", ASSIGNMENT)
    with phase("manual grading"):
        run.needs_manual = instructor.needs_manual_grading()
        instructor.grade_reflections({name: plan.manual for name, plan in run.plans.items()})
    with phase("feedback"):
        instructor.nbgrader("generate_feedback", ASSIGNMENT)
        instructor.nbgrader("release_feedback", ASSIGNMENT)
    with phase("fetch feedback"):
        each(learners, lambda learner: learner.act("fetch_feedback"))
        run.feedback = {learner.name: learner.feedback() for learner in learners}
    with phase("export"):
        instructor.nbgrader("export", "--to", "grades.csv")
        with (instructor.course / "grades.csv").open(encoding="utf-8") as rows:
            run.grades = {row["student_id"]: row for row in csv.DictReader(rows)}
    return run


def expected_parts(plan: Plan) -> dict[str, float]:
    """The points per part a plan earns (the automatic parts by the grader, Part 5 by the instructor)."""
    points = {}
    for part in PARTS:
        if part.exercise is None:
            points[part.id] = sum(plan.manual.values())
        elif plan.kind == "blank":
            points[part.id] = 0.0
        else:
            points[part.id] = float(part.max_points)
    if plan.kind == "wrong":
        points["part1"] = 5.0  # the selector typo's score (tests/grader/grader_examples.py)
    return points

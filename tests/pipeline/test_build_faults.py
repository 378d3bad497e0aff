"""Faults during a build: builds at once, a full or read-only disk, a builds folder on another
filesystem, a build killed half way. Each ends in a published build or in one line naming the
folder, with the live database as it was and no temporary file left behind."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.store import build_lock, releases
from pipeline.ingest import register
from pipeline.build.database import build
from pipeline.errors import BuildError
from pipeline.store.queries import Database
from tests.conftest import published_copy

ROOT = Path(__file__).resolve().parents[2]
WARDS = {"E05015018": "Brinnington & Stockport Central", "E05015026": "Heatons North"}


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _leftovers(live: Path) -> list[str]:
    """Everything beside the database and in its builds folder that is not a published build,
    the live link or the lock."""
    keep = {live.name, releases.builds_dir(live).name, build_lock.lock_path(live).name}
    found = [p.name for p in live.parent.iterdir() if p.name not in keep]
    folder = releases.builds_dir(live)
    if folder.exists():
        found += [p.name for p in folder.iterdir() if not p.name.endswith(".duckdb")]
    return sorted(found)


def _register_rows(residents: int):
    raw = "\n".join([",".join(register.COLUMNS), f"2026-05,E05015018,Library,2,5,{residents},3,2,published"]) + "\n"
    rows, problems = register.validate(raw.encode(), WARDS, today="2026-11")
    assert problems == []
    return rows


def _borough_total(db: Path) -> float:
    return Database(db).series("inclusion_residents_supported", ["E08000007"], "internal").value.sum()


@pytest.mark.slow
@pytest.mark.serial
def test_two_builds_started_at_once_in_one_process_both_publish_and_leave_nothing_behind(tmp_path):
    db = tmp_path / "live.duckdb"
    errors, threads = [], [threading.Thread(target=lambda: _catch(errors, lambda: build(db))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(releases.builds(db)) == 2 and releases.resolve(db) == releases.builds(db)[-1]
    assert _leftovers(db) == []


@pytest.mark.slow
@pytest.mark.serial
def test_two_officers_confirming_at_once_leave_the_register_pointer_matching_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    db = tmp_path / "live.duckdb"
    errors: list = []

    def confirm(residents: int) -> None:
        rows = _register_rows(residents)
        _catch(errors, lambda: register.switch_and_build(lambda: register.store(rows), lambda: build(db), db))

    threads = [threading.Thread(target=confirm, args=(n,)) for n in (111, 222)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(register.versions()) == 2
    current = register.read_rows(register.current_file())
    assert _borough_total(db) == current.residents_supported.sum()  # the pointer names what is published


@pytest.mark.parametrize(
    "fault", [BuildError("a bad register row"), OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()]
)
@pytest.mark.slow
def test_a_failing_rebuild_leaves_the_register_pointer_where_it_was(tmp_path, monkeypatch, fault):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    db = tmp_path / "live.duckdb"
    first, _ = register.switch_and_build(lambda: register.store(_register_rows(111)), lambda: build(db), db)

    def failing_build():
        raise fault

    with pytest.raises(type(fault)):
        register.switch_and_build(lambda: register.store(_register_rows(222)), failing_build, db)
    assert register.current_version_id() == first.id and _borough_total(db) == 111
    assert len(register.versions()) == 2  # the upload is kept as a version, but not current


# Where a build writes, and what the operating system can say there.
FAULT_POINTS = {
    "the lock file beside the database": ("pipeline.store.build_lock.os.open", lambda db: db.parent),
    "the move into the builds folder": ("pipeline.store.releases.os.replace", releases.builds_dir),
    "the live link": ("pipeline.store.releases.os.symlink", lambda db: db.parent),
}


@pytest.mark.parametrize("point", list(FAULT_POINTS))
@pytest.mark.parametrize(
    "code, words", [(errno.ENOSPC, "no space left"), (errno.EROFS, "read-only"), (errno.EACCES, "no permission")]
)
@pytest.mark.slow
def test_a_full_or_read_only_disk_stops_the_build_in_one_line_naming_the_folder(
    tmp_path, monkeypatch, default_db, point, code, words
):
    db = published_copy(default_db, tmp_path, "live")  # the live build the failed one must leave as it was
    before = _sha(db)
    target, folder = FAULT_POINTS[point]

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(args[0]))

    monkeypatch.setattr(target, refuse)
    with pytest.raises(BuildError) as info:
        build(db)
    message = str(info.value)
    assert "\n" not in message and str(folder(db)) in message and words in message
    assert _sha(db) == before and _leftovers(db) == []


@pytest.mark.slow
def test_a_write_that_fails_inside_duckdb_is_one_line_from_the_cli_and_leaves_no_files(tmp_path):
    """A real native write failure: the file-size limit makes the disk 'full' at 1 MB for DuckDB."""
    db = tmp_path / "live.duckdb"
    limit = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20)); "
        "from cli.commands import main; sys.exit(main(['build', '--db', sys.argv[1]]))"
    )
    done = subprocess.run([sys.executable, "-c", limit, str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot use {tmp_path}: file size limit reached" in done.stderr
    assert not db.exists() and _leftovers(db) == []


@pytest.mark.slow
def test_files_left_by_builds_that_died_are_swept_by_the_next_build(tmp_path):
    db = tmp_path / "live.duckdb"
    build(db)
    dead = [
        tmp_path / ".live.duckdb.building-999999",
        tmp_path / ".live.duckdb.building-999999.wal",
        tmp_path / ".live.duckdb.link-999999",
        releases.builds_dir(db) / f"20990101T000000Z.duckdb{releases.PARTIAL}",
    ]
    for path in dead:
        path.write_bytes(b"\0" * 4096)
    build(db)
    assert _leftovers(db) == [] and len(releases.builds(db)) == 2


@pytest.mark.slow
def test_a_fresh_temporary_file_of_a_running_process_is_left_until_it_is_older_than_a_run(tmp_path):
    db = tmp_path / "live.duckdb"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = tmp_path / f".live.duckdb.building-{other.pid}"
        theirs.write_bytes(b"\0" * 4096)
        build(db)
        assert theirs.exists()  # perhaps a builder from before the lock, mid-build
        old = time.time() - build_lock.STALE_SECONDS - 60
        os.utime(theirs, (old, old))
        build(db)
        assert not theirs.exists()
    finally:
        other.kill()
        other.wait()


@pytest.mark.slow
def test_a_build_killed_half_way_leaves_files_the_next_build_removes(tmp_path):
    db = tmp_path / "live.duckdb"
    die = (
        "import os, signal, sys; from pipeline.build.database import build; "
        "build(sys.argv[1], progress=lambda line: line.startswith('[derive]') and os.kill(os.getpid(), signal.SIGKILL))"
    )
    done = subprocess.run([sys.executable, "-c", die, str(db)], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    left = _leftovers(db)
    assert any(".building-" in name for name in left) and not db.exists()
    build(db)  # the dead build's lock was released by the kernel: this does not wait
    assert _leftovers(db) == [] and releases.resolve(db).exists()


@contextmanager
def _lock_held_by_another_process(db: Path):
    """Another process holds db's build lock for the body (killed at the end, which lets it go)."""
    hold = (
        "import sys, time; from pipeline.store import build_lock\n"
        "with build_lock.held(__import__('pathlib').Path(sys.argv[1])):\n"
        "    print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
@pytest.mark.serial
def test_a_build_waits_for_one_running_in_another_process(tmp_path):
    db = tmp_path / "live.duckdb"
    errors: list = []
    with _lock_held_by_another_process(db):
        waiting = threading.Thread(target=lambda: _catch(errors, lambda: build(db)))
        waiting.start()
        waiting.join(3)
        assert waiting.is_alive() and not db.exists()  # waiting for the other builder
    waiting.join(120)
    assert not waiting.is_alive() and errors == [] and releases.resolve(db).exists()


@pytest.mark.slow
@pytest.mark.serial
def test_a_build_that_has_waited_too_long_for_another_stops_with_a_message(tmp_path, monkeypatch):
    db = tmp_path / "live.duckdb"
    monkeypatch.setattr(build_lock, "WAIT_SECONDS", 1.0)
    with _lock_held_by_another_process(db):
        with pytest.raises(BuildError, match=f"another build of {db} is still running after 1 s"):
            build(db)
    assert not db.exists() and _leftovers(db) == []
    build(db)  # the lock was let go
    assert releases.resolve(db).exists()


def test_a_filesystem_without_file_locks_is_one_line_naming_the_lock_file(tmp_path, monkeypatch):
    db = tmp_path / "live.duckdb"

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr("pipeline.store.build_lock.fcntl.flock", no_locks)
    with pytest.raises(BuildError, match=f"cannot lock {build_lock.lock_path(db)}: No locks available; "):
        build(db)
    assert not db.exists() and _leftovers(db) == []


@pytest.mark.slow
def test_a_builds_folder_on_another_filesystem_is_published_by_copy(tmp_path):
    other = Path(tempfile.mkdtemp(dir="/dev/shm"))
    if os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        shutil.rmtree(other)
        pytest.skip("no second filesystem here (/dev/shm is the same device)")
    try:
        db = tmp_path / "live.duckdb"
        (other / "live.builds").mkdir()
        releases.builds_dir(db).symlink_to(other / "live.builds")
        build(db)
        build(db)
        assert len(releases.builds(db)) == 2 and releases.resolve(db) == releases.builds(db)[-1].resolve()
        assert Database(db).build_info()["mode"] == "bundled" and _leftovers(db) == []
    finally:
        shutil.rmtree(other)


def _catch(errors: list, work) -> None:
    try:
        work()
    except BaseException as exc:  # noqa: BLE001 - the test asserts there were none
        errors.append(exc)


@pytest.mark.slow
def test_a_builds_folder_on_another_filesystem_that_is_full_gives_one_line_and_no_partial_copy(tmp_path, monkeypatch):
    db = tmp_path / "live.duckdb"
    build(db)
    before = _sha(db)
    real_replace, real_copy = os.replace, shutil.copyfile

    def replace(src, dst):
        if str(dst).endswith(".duckdb") and ".building-" in str(src):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(src))
        return real_replace(src, dst)

    def copy_half_then_fill(src, dst):
        Path(dst).write_bytes(Path(src).read_bytes()[:4096])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr("pipeline.store.releases.os.replace", replace)
    monkeypatch.setattr("pipeline.store.releases.shutil.copyfile", copy_half_then_fill)
    with pytest.raises(BuildError) as info:
        build(db)
    assert (
        str(info.value)
        == f"cannot use {releases.builds_dir(db)}: no space left on the device; free some space and build again"
    )
    assert _sha(db) == before and _leftovers(db) == [] and len(releases.builds(db)) == 1
    monkeypatch.setattr("pipeline.store.releases.shutil.copyfile", real_copy)
    build(db)  # with room again, the copy goes through
    assert len(releases.builds(db)) == 2 and _leftovers(db) == []


WITHOUT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]  # root then obeys chmod


@pytest.mark.slow
@pytest.mark.parametrize("already_built", [False, True])
def test_a_read_only_folder_is_one_line_from_the_cli_naming_it(tmp_path, already_built):
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is needed to drop root's permission override")
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "live.duckdb"
    if already_built:
        build(db)
    before = _sha(db) if already_built else None
    folder.chmod(0o555)
    try:
        if subprocess.run([*WITHOUT_OVERRIDE, "touch", str(folder / "probe")], capture_output=True).returncode == 0:
            pytest.skip("this runner can write into a read-only folder")
        done = subprocess.run(
            [*WITHOUT_OVERRIDE, sys.executable, "-m", "cli", "build", "--db", str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[0] == (
        f"error: cannot use {folder}: no permission to write there; "
        "build into a writable folder (--db) or fix its permissions"
    )
    assert (_sha(db) if already_built else db.exists()) == (before if already_built else False)
    assert _leftovers(db) == []

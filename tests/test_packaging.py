"""A plain (non-editable) `pip install .` carries the built-in content and runs from it."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel from the checkout and install it into a folder of its own."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(work / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next((work / "dist").glob("*.whl"))
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )
    return target


def run_installed(target: Path, code: str, cwd: Path):
    # PYTHONPATH puts the installed copy ahead of the editable checkout; -P keeps cwd off sys.path.
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-P", "-c", code], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_wheel_carries_the_question_banks_and_exercises(installed, tmp_path):
    result = run_installed(installed, (
        "import grader, grader.content as c\n"
        "print(grader.__file__)\n"
        "print(sorted(p.name for p in c.quizzes_dir().glob('*.yaml')))\n"
        "print(sorted(p.name for p in c.exercises_dir().iterdir() if p.is_dir()))\n"
    ), tmp_path)
    assert result.returncode == 0, result.stderr
    where, banks, exercises = result.stdout.splitlines()
    assert where.startswith(str(installed))
    assert banks != "[]"
    assert "planar" in exercises and "activations" in exercises


def test_installed_copy_validates_its_bank_and_grades_a_submission(installed, tmp_path):
    solution = ROOT / "tests" / "grading" / "solutions" / "planar_correct.py"
    submission = tmp_path / "student.py"
    submission.write_text(solution.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_installed(installed, (
        "import sys\n"
        "from grader.cli import main\n"
        "assert main(['validate', '-q']) == 0\n"
        f"sys.exit(main(['grade', {str(submission)!r}, '--seed', '5']))\n"
    ), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "planar" in result.stdout
    assert "Traceback" not in result.stderr

"""docs/quiz-format.md stays true to the loader: its complete example loads as documented."""

import re
from pathlib import Path

from grader.quiz.answers import is_correct
from grader.quiz.loader import QUESTION_KEYS, QUIZ_KEYS, load_quiz

DOC = Path(__file__).resolve().parents[2] / "docs" / "quiz-format.md"


def test_the_complete_example_loads_and_means_what_the_comments_say(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    quiz = load_quiz(path)
    assert quiz.draw == 3 and quiz.pass_mark == 0.75
    assert [q.kind for q in quiz.questions] == ["single", "multiple", "true_false", "short"]
    assert quiz.question("b1-shape").correct_choice_ids == ("right",)
    assert quiz.question("init-facts").choices[0].id == "a"
    assert is_correct(quiz.question("lr-zero"), "false")
    assert all(is_correct(quiz.question("z1-shape"), typed) for typed in ("(4,m)", "4 x m", "4×m"))
    # Every key the loader knows is documented somewhere on the page.
    for key in QUIZ_KEYS + QUESTION_KEYS:
        assert f"`{key}" in text or f"{key}:" in text, key

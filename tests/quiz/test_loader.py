"""Loading banks: the model they give, and every problem located at file:line:column."""

import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from grader.quiz.loader import Problem, QuizError, load_quiz, validate_files
from grader.quiz.model import localize

GOOD = """\
id: demo
title: {en: Demo, zh: 演示}
languages: [en, zh]
questions:
  - id: q1
    topic: shapes
    kind: single
    prompt: {en: "Shape of b1?", zh: "b1 的形状？"}
    choices:
      - {text: {en: "(n_h, 1)", zh: "(n_h, 1)"}, correct: true}
      - {text: {en: "(1, n_h)", zh: "(1, n_h)"}}
    explanation: {en: "One bias per hidden unit.", zh: "每个隐藏单元一个偏置。"}
"""


def problems_of(write_bank, text):
    path = write_bank(text)
    with pytest.raises(QuizError) as caught:
        load_quiz(path)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def test_the_small_bank_loads_into_the_model(small_quiz):
    assert small_quiz.id == "small" and small_quiz.pass_mark == 0.5 and small_quiz.draw == 4
    assert [q.id for q in small_quiz.questions] == ["w1", "z1", "relu", "tanh", "zero", "scale"]
    w1 = small_quiz.question("w1")
    assert w1.kind == "single" and w1.correct_choice_ids == ("right",)
    assert w1.choice("transposed").feedback == {"en": "Transposed.", "zh": "转置了。"}
    assert w1.line == 10  # the line of "- id: w1", so the app can point an editor at it
    tanh = small_quiz.question("tanh")
    assert [c.id for c in tanh.choices] == ["true", "false"]
    assert tanh.correct_choice_ids == ("true",)
    assert tanh.choice("false").feedback == {"en": "It is centred on 0."}
    assert small_quiz.question("z1").answers == ("(4, m)",)
    assert small_quiz.question("zero").shuffle_choices is False
    assert small_quiz.topic_title("init", "zh") == "Initialization"  # falls back to English
    assert small_quiz.topic_title("nowhere", "en") == "nowhere"


def test_localize_falls_back_to_english():
    text = {"en": "Shape", "zh": "形状"}
    assert localize(text, "zh") == "形状"
    assert localize(text, "zh-CN") == "形状"
    assert localize(text, "fr") == "Shape"
    assert localize({"zh": "形状"}, "en") == "形状"
    assert localize({}, "en") == ""


def test_choice_ids_default_to_letters_and_numbers_keep_their_spelling(write_bank):
    quiz = load_quiz(write_bank("""\
        id: demo
        title: Demo
        questions:
          - id: q
            topic: t
            kind: single
            prompt: Scale?
            choices:
              - {text: 0.10, correct: true}
              - {text: 100}
            explanation: E
        """))
    choices = quiz.questions[0].choices
    assert [c.id for c in choices] == ["a", "b"]
    assert [c.text["en"] for c in choices] == ["0.10", "100"]


@pytest.mark.parametrize("edit, expected", [
    # (replace this, with that) in GOOD -> the first problem reported
    (("id: demo", "id: my demo"), "1:5: the bank id must be a name"),
    (("kind: single", "kind: singel"), "7:11: question 'q1' kind must be one of single, multiple, "
                                       "true_false, short, not 'singel' (did you mean 'single'?)"),
    (("topic: shapes", "topik: shapes"), "5:5: question 'q1' is missing 'topic'"),
    (("  - id: q1", "  - id: q1\n    answers: [x]"),
     "6:5: question 'q1' is single: 'answers' belongs to short questions"),
    (("correct: true}", "correct: yes please}"),
     "10:59: a choice of question 'q1' correct must be true or false, not 'yes please'"),
    (("correct: true}", "corect: true}"),
     "10:50: unknown key 'corect' in a choice of question 'q1' (did you mean 'correct'?)"),
    (('zh: "b1 的形状？"', 'fr: "b1 ?"'), "8:34: unknown language 'fr' in prompt of question 'q1'"),
    (('{en: "Shape of b1?", zh: "b1 的形状？"}', '"Shape of b1?"'),
     "8:13: prompt of question 'q1' has no 简体中文 (zh) text"),
    (("languages: [en, zh]", "languages: [en, cn]"), "3:17: unknown language 'cn'"),
    (("questions:", "pass_mark: 80\nquestions:"),
     "4:12: pass_mark must be a fraction above 0 and at most 1, not 80 (for 80% write 0.8)"),
    (("questions:", "draw: 3\nquestions:"), "4:7: draw is 3 but the bank has only 1 questions"),
    (("questions:", "topics: {shape: {en: Shapes, zh: 形状}}\nquestions:"),
     "7:12: question 'q1' has topic 'shapes', which is not under topics (did you mean 'shape'?)"),
    (("correct: true}", "correct: false}"), "10:7: question 'q1' has no choice marked correct"),
    (("{text: {en: \"(1, n_h)\", zh: \"(1, n_h)\"}}",
      "{text: {en: \"(1, n_h)\", zh: \"(1, n_h)\"}, correct: true}"),
     "10:7: question 'q1' is single but 2 choices are correct; use kind: multiple"),
    (("(1, n_h)\", zh: \"(1, n_h)", "(N_H,  1)\", zh: \"(n_h, 1)"),
     "11:16: question 'q1' has the same choice twice (first at line 10)"),
    (("title: {en: Demo, zh: 演示}", "title: {en: Demo, zh: 演示}\ntitle: Again"),
     "3:1: key 'title' appears twice in one mapping (first at line 2)"),
    (("questions:", "questions: []\nx:"), "4:12: the bank has no questions"),
    (("    explanation: {en: \"One bias per hidden unit.\", zh: \"每个隐藏单元一个偏置。\"}\n", ""),
     "5:5: question 'q1' is missing 'explanation'"),
    (('zh: "b1 的形状？"', 'zh: ""'), "8:38: prompt of question 'q1' (zh) is empty"),
    (("title: {en: Demo, zh: 演示}", "title: {zh: 演示}"), "2:8: title of the bank has no English"),
])
def test_problems_are_located(write_bank, edit, expected):
    old, new = edit
    assert old in GOOD
    problems = problems_of(write_bank, GOOD.replace(old, new, 1))
    assert problems and problems[0].startswith(expected), problems


CHOICES = """\
    choices:
      - {text: {en: "(n_h, 1)", zh: "(n_h, 1)"}, correct: true}
      - {text: {en: "(1, n_h)", zh: "(1, n_h)"}}
"""
EXPLANATION = '    explanation: {en: "One bias per hidden unit.", zh: "每个隐藏单元一个偏置。"}\n'


def as_kind(kind, lines):
    """Edits turning GOOD's question into one of `kind` with `lines` instead of its choices."""
    return [("    kind: single\n", f"    kind: {kind}\n"), (CHOICES, lines)]


@pytest.mark.parametrize("edits, expected", [
    # One rule each: the edits to GOOD (each replacing a first occurrence), then the problem
    # reported, exactly so, at file:line:column.
    ([], None),  # GOOD itself has no problem at all
    ([("title: {en: Demo, zh: 演示}\n", "")], "1:1: the bank is missing 'title'"),
    ([("  - id: q1", "  - id: q 1")], "5:9: question id must be a name of letters, digits"),
    ([('    prompt: {en: "Shape of b1?", zh: "b1 的形状？"}\n', "")],
     "5:5: question 'q1' is missing 'prompt'"),
    ([('{en: "Shape of b1?", zh: "b1 的形状？"}', "[Shape, of, b1]")],
     "8:13: prompt of question 'q1' must be text or a mapping of languages"),
    ([('{en: "Shape of b1?", zh: "b1 的形状？"}', '{en: " ", zh: "b1 的形状？"}')],
     "8:18: prompt of question 'q1' (en) is empty"),
    ([("languages: [en, zh]", "languages: [zh]")], "3:12: languages must include en"),
    ([("languages: [en, zh]", "languages: en")], "3:12: the bank languages must be a list"),
    ([("questions:", "draw: 0\nquestions:")],
     "4:7: draw must be a whole number of questions, at least 1, not 0"),
    ([("questions:", "pass_mark: high\nquestions:")],
     "4:12: pass_mark must be a fraction above 0 and at most 1, not 'high'"),
    ([("questions:", "topics: [shapes]\nquestions:")], "4:9: topics must map each topic id"),
    ([(EXPLANATION, EXPLANATION + "  - just text\n")], "13:5: each question is a mapping"),
    ([("    kind: single\n", "    kind: single\n    feedback: Nice.\n")],
     "8:5: question 'q1': give feedback on each choice instead"),
    ([(CHOICES, "    choices: (n_h, 1)\n")], "9:14: question 'q1' choices must be a list"),
    ([('      - {text: {en: "(1, n_h)", zh: "(1, n_h)"}}\n', "")],
     "10:7: question 'q1' needs at least 2 choices"),
    ([('{text: {en: "(1, n_h)", zh: "(1, n_h)"}}', '"(1, n_h)"')],
     "11:9: each choice of question 'q1' is a mapping"),
    ([("{text: {en: \"(", "{id: same, text: {en: \"(")] * 2,
     "11:14: question 'q1' has two choices with id 'same' (first at line 10)"),
    (as_kind("true_false", ""), "5:5: question 'q1' (true_false) is missing 'answer'"),
    (as_kind("true_false", "    answer: false\n    feedback: {maybe: x}\n"),
     "10:16: question 'q1' feedback keys are true and false, not 'maybe'"),
    (as_kind("short", "    answers: []\n"), "9:14: question 'q1' lists no accepted answers"),
    (as_kind("short", "    answers: ['(4, m)', '']\n"),
     "9:25: question 'q1': an accepted answer is empty"),
    (as_kind("short", "    answers: ['4']\n    feedback: x\n"),
     "10:5: question 'q1': short questions take an explanation, not feedback"),
])
def test_each_rule_is_reported_at_its_place(write_bank, edits, expected):
    text = GOOD
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    if expected is None:
        assert load_quiz(write_bank(text)).id == "demo"
        return
    problems = problems_of(write_bank, text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_file_too_big_to_be_a_bank_is_refused_before_parsing(tmp_path):
    from grader.quiz.loader import MAX_BYTES
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    with pytest.raises(QuizError) as caught:
        load_quiz(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: too big for a question bank ({path.stat().st_size} bytes; the limit is "
        f"{MAX_BYTES})"]


def test_a_bank_reports_all_its_problems_at_once(write_bank):
    problems = problems_of(write_bank, """\
        id: demo
        title: Demo
        questions:
          - id: a
            topic: t
            kind: true_false
            prompt: P
            answer: maybe
            explanation: E
          - id: a
            topic: t
            kind: short
            prompt: P
            answers: ["(4, m)", "4 x m", yes]
            explanation: E
        """)
    assert problems == [
        "8:13: question 'a' answer must be true or false, not 'maybe'",
        "10:9: question id 'a' is used twice (first at line 4)",
        "14:25: question 'a': accepted answer '4 x m' is the same as '(4, m)' once normalized "
        "(both read as '(4,m)')",
        "14:34: question 'a': accepted answer yes is not read as text; put it in quotes",
    ]


def test_yaml_syntax_errors_are_located(write_bank):
    problems = problems_of(write_bank, "id: demo\ntitle: [unclosed\nquestions: []\n")
    assert len(problems) == 1 and problems[0].startswith("3:")
    assert "not valid YAML" in problems[0]


def test_tabs_are_located(write_bank):
    problems = problems_of(write_bank, "id: demo\ntitle: Demo\nquestions:\n\t- id: q\n")
    assert problems[0].startswith("4:1: not valid YAML")


@pytest.mark.parametrize("content, expected", [
    (b"", "1:1: a question bank is a mapping"),
    (b"- just\n- a list\n", "1:1: a question bank is a mapping"),
    (b"id: x\ntitle: caf\xe9\n", "2:11: not UTF-8 text"),
    (b"\x00\x01\x02binary", "1:1: not valid YAML"),
    (b"id: demo\ntitle: a\x07b\n", "2:9: not valid YAML: character U+0007 is not allowed"),
])
def test_files_that_are_not_banks(tmp_path, content, expected):
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    with pytest.raises(QuizError) as caught:
        load_quiz(path)
    assert str(caught.value.problems[0]).startswith(f"{path}:{expected}")


def test_missing_file_and_folder_are_problems_not_tracebacks(tmp_path):
    with pytest.raises(QuizError, match="no such file"):
        load_quiz(tmp_path / "absent.yaml")
    with pytest.raises(QuizError, match="is a folder"):
        load_quiz(tmp_path)


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff".encode() + GOOD.encode())
    assert load_quiz(path).id == "demo"


def test_problem_and_error_text():
    problem = Problem("bank.yaml", 3, 7, "something is wrong")
    assert str(problem) == "bank.yaml:3:7: something is wrong"
    error = QuizError([problem, Problem("bank.yaml", 9, 1, "and this")])
    assert str(error) == "bank.yaml:3:7: something is wrong\nbank.yaml:9:1: and this"


def test_validate_files_collects_problems_of_every_file(write_bank):
    good = write_bank(GOOD, "good.yaml")
    bad1 = write_bank(GOOD.replace("kind: single", "kind: essay"), "bad1.yaml")
    bad2 = write_bank("id: [", "bad2.yaml")
    problems = validate_files([good, bad1, bad2])
    assert [p.path for p in problems] == [str(bad1), str(bad2)]
    assert validate_files([good]) == []


def test_anchors_and_aliases_are_refused_where_they_stand(write_bank):
    # Questions need no anchors, and refusing them rules out alias bombs.
    problems = problems_of(write_bank, """\
        id: demo
        title: Demo
        questions:
          - &base
            id: q1
            topic: t
            kind: true_false
            prompt: P
            answer: true
            explanation: E
          - id: q2
            topic: t
            kind: true_false
            prompt: *base
            answer: true
            explanation: E
        """)
    assert problems == [
        "4:5: YAML anchors (&base) are not allowed; write the value out",
        "14:13: YAML aliases (*base) are not allowed; write the value out",
    ]


@pytest.mark.parametrize("value, expected", [
    ("!!python/object/apply:os.system [echo hi]", "the YAML tag !!python/object/apply:os.system"),
    ("!!python/name:os.system ''", "the YAML tag !!python/name:os.system is not allowed"),
    ("!!binary aGVsbG8=", "the YAML tag !!binary is not allowed"),
    ("!!set {a, b}", "the YAML tag !!set is not allowed"),
    ("!shape 4 x m", "the YAML tag !shape is not allowed"),
    ("!!int four", "'four' is not a valid int"),
])
def test_tags_that_build_objects_are_refused_and_located(write_bank, value, expected):
    problems = problems_of(write_bank, GOOD.replace('"Shape of b1?"', value))
    assert len(problems) == 1 and problems[0].startswith(f"8:18: {expected}"), problems


def test_standard_tags_and_odd_scalars_are_plain_values(write_bank):
    text = GOOD.replace('"Shape of b1?"', "!!str 2024-01-01").replace("correct: true",
                                                                     "correct: !!bool true")
    question = load_quiz(write_bank(text)).questions[0]
    assert question.prompt["en"] == "2024-01-01"  # a date-like scalar stays text
    assert question.correct_choice_ids == ("a",)


def test_a_second_yaml_document_is_a_problem(write_bank):
    problems = problems_of(write_bank, GOOD + "---\nid: other\n")
    assert problems == ["13:1: a bank is one YAML document; remove the second '---' and what "
                        "follows it"]


def test_a_list_as_a_key_is_a_problem(write_bank):
    problems = problems_of(write_bank, GOOD.replace("title:", "? [x, y]\n: 1\ntitle:"))
    assert problems[0] == "2:3: a key must be a plain value, not a list or a mapping"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | st.sampled_from(GOOD.splitlines(keepends=True)).map(str)
       | st.lists(st.sampled_from(GOOD.splitlines(keepends=True)), max_size=14).map("".join))
def test_whatever_the_file_holds_loading_raises_quiz_error_or_succeeds(tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_quiz(path)
    except QuizError as error:
        assert error.problems and all(p.line >= 1 and p.column >= 1 for p in error.problems)


# Pieces of YAML that exercise the reader's refusals and the checker's rules when shuffled.
YAML_PIECES = GOOD.splitlines(keepends=True) + [
    "- &a [x]\n", "  b: *a\n", "!!python/object:os.system x\n", "? [k]\n", ": v\n", "---\n",
    "  - {id: q, kind: short, answers: [\"(4, m)\", 4x m]}\n", "draw: 0\n", "pass_mark: .5\n",
    "\t- tab\n", "  prompt: !!binary aGk=\n", "[[[[\n", "'unclosed\n", "  zh: 中文\n", "\ufeff",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300)
       | st.lists(st.sampled_from(YAML_PIECES), max_size=16).map(lambda p: "".join(p).encode())
       | st.tuples(st.sampled_from([g.encode() for g in YAML_PIECES]), st.binary(max_size=20))
       .map(lambda t: t[0] + t[1]))
def test_whatever_bytes_the_file_holds_loading_raises_quiz_error_or_succeeds(tmp_path, data):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_quiz(path)
    except QuizError as error:
        text = data.decode("utf-8", errors="replace")  # YAML's line breaks, as the reader sees them
        lines = len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))
        assert error.problems and all(1 <= p.line <= lines + 1 and p.column >= 1
                                      for p in error.problems)


def _bank_like():
    """Documents shaped like banks, with any value of any type in any field."""
    from grader.quiz import loader
    keys = st.sampled_from(sorted(set(loader.QUIZ_KEYS + loader.QUESTION_KEYS + loader.CHOICE_KEYS
                                      + ("en", "zh", "true", "false", "x"))))
    scalars = (st.none() | st.booleans() | st.integers(-3, 10**6) | st.floats(allow_nan=True)
               | st.text(max_size=8) | st.sampled_from(["single", "multiple", "true_false",
                                                        "short", "(4, m)", "t", "q1", ""]))
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(keys | scalars, inner, max_size=5), max_leaves=12)
    question = st.fixed_dictionaries({"id": values, "kind": values}, optional={
        key: values for key in ("topic", "prompt", "choices", "answer", "answers", "feedback",
                                "explanation", "shuffle")})
    return st.fixed_dictionaries({"id": values, "questions": st.lists(question, max_size=3)},
                                 optional={key: values for key in ("title", "languages",
                                                                   "pass_mark", "draw", "topics")})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                           HealthCheck.too_slow])
@given(_bank_like())
def test_whatever_values_a_bank_holds_loading_raises_quiz_error_or_succeeds(tmp_path, doc):
    import yaml
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        load_quiz(path)
    except QuizError as error:
        assert error.problems and all(p.line >= 1 and p.column >= 1 for p in error.problems)


def test_the_format_documented_in_the_module_docstring_is_the_real_one(write_bank):
    # The docstring's sketch, filled in, must load: keeps the docs and the code from drifting.
    from grader.quiz import loader
    for key in loader.QUIZ_KEYS + loader.QUESTION_KEYS:
        assert f"{key}:" in loader.__doc__, key


def test_the_fast_and_the_pure_yaml_parser_agree_on_positions():
    from grader.content import quizzes_dir
    from grader.quiz.yaml_source import Mapping, Sequence, parse

    def positions(node, out):
        if isinstance(node, Mapping):
            out.append(node.pos)
            for key in node:
                out += [key, node.key_pos[key], node.value_pos[key], node.raw[key]]
                positions(node[key], out)
        elif isinstance(node, Sequence):
            out += [node.pos, *node.item_pos, *node.raw]
            for item in node:
                positions(item, out)
        return out

    for path in sorted(quizzes_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast, pure = parse(text, "fast"), parse(text, "pure")
        assert positions(fast[0], []) == positions(pure[0], []) and fast[1] == pure[1]


# Each file, and the start of the located problem it must give (file:line:column: message).
# Where the refusal may come from PyYAML itself (newer libyaml limits flow nesting on its own,
# in its own words), only the location's line is ours to assert.
HOSTILE = {
    # libyaml builds nested nodes recursively in C: without a depth limit this one segfaults.
    "deep_flow": ("'a: ' + '[' * 100000 + ']' * 100000", "1:"),
    "deep_block": ("''.join('  ' * i + 'k:\\n' for i in range(500))", "33:65: nested more than"),
    "many_values": ("'questions:\\n' + '- 1\\n' * 200000", "49999:3: more than 50000 values"),
    "laughs": ("'a: &a [x]\\n' + ''.join(f'{c}: &{c} [' + ', '.join(['*' + p] * 10) + ']\\n' "
               "for p, c in zip('abcdefgh', 'bcdefghi'))", "1:1: unknown key 'a' in the bank"),
    # The bomb used as a value the checker describes: expanded, it would be 10**8 strings.
    "laughs_in_a_value": ("'a: &a [x]\\n' + ''.join(f'{c}: &{c} [' + ', '.join(['*' + p] * 10) "
                          "+ ']\\n' for p, c in zip('abcdefgh', 'bcdefghi')) + 'id: *i\\n'",
                          "1:1: unknown key 'a' in the bank"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_give_a_located_problem_quickly(tmp_path, name):
    import subprocess
    import sys
    make, expected = HOSTILE[name]
    path = tmp_path / f"{name}.yaml"
    code = (f"import pathlib\npathlib.Path({str(path)!r}).write_text({make})\n"
            "from grader.quiz.loader import load_quiz, QuizError\n"
            f"try:\n    load_quiz({str(path)!r})\nexcept QuizError as e:\n"
            "    print(e.problems[0])\n")
    # A child process, so a crash fails this test instead of killing the test run.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.startswith(f"{path}:{expected}")


def test_every_topic_has_a_title_even_without_a_topics_section(write_bank):
    quiz = load_quiz(write_bank("""\
        id: demo
        title: Demo
        questions:
          - {id: a, topic: shapes, kind: true_false, prompt: P, answer: true, explanation: E}
          - {id: b, topic: init, kind: true_false, prompt: P, answer: true, explanation: E}
        """))
    assert quiz.topic_titles == {"shapes": {"en": "shapes"}, "init": {"en": "init"}}
    assert quiz.topic_title("init", "zh") == "init"

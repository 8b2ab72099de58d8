import pytest
from hypothesis import given, settings, strategies as st

from grader.quiz.answers import is_correct, normalize_short


@pytest.mark.parametrize("typed", ["(4,m)", "4 x m", "(4, m)", "4×m", "（4，m）", "[4, m]",
                                   "4 by m", "4X M", "4xm", " (4 , m) ", "(4, m,)"])
def test_every_way_of_writing_a_shape_is_the_same(typed):
    assert normalize_short(typed) == normalize_short("(4, m)")


@pytest.mark.parametrize("a, b", [("0.25", ".25"), ("0.25", "0.250"), ("1", "1.0"),
                                  ("0.01", "1e-2"), ("1", "(1)"), ("1 - a**2", "1-A**2"),
                                  ("1 − a**2", "1 - a**2"), ("Layer.", "layer"), ("层。", "层"),
                                  ("(n_h, n_x)", "n_h x n_x"), ("0", "-0.0")])
def test_equivalent_spellings(a, b):
    assert normalize_short(a) == normalize_short(b)


@pytest.mark.parametrize("a, b", [("(4, m)", "(m, 4)"), ("(4, 1)", "(4,)"), ("0.25", "0.5"),
                                  ("n_x", "n"), ("(n_h, n_x)", "(n_h, n)"), ("1", "-1"),
                                  ("1 - a**2", "a*(1 - a)"), ("(4, m)", "(4, m, 1)")])
def test_different_answers_stay_different(a, b):
    assert normalize_short(a) != normalize_short(b)


def test_an_expression_is_not_mistaken_for_a_shape():
    # "x" between spaces separates a shape, but not inside an expression with operators.
    assert normalize_short("W1 @ X + b1") == "w1@x+b1"
    assert normalize_short("W1 @ X + b1") == normalize_short("w1@x+b1")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="(),[] x×4mn_h0.25-+*aAby，（）。", max_size=14) | st.text(max_size=20))
def test_normalizing_twice_changes_nothing(text):
    once = normalize_short(text)
    assert normalize_short(once) == once


def test_single_and_true_false_compare_choice_ids(small_quiz):
    w1, tanh = small_quiz.question("w1"), small_quiz.question("tanh")
    assert is_correct(w1, "right") and not is_correct(w1, "transposed")
    assert is_correct(tanh, "true") and not is_correct(tanh, "false")
    assert is_correct(tanh, True) and not is_correct(tanh, False)


def test_multiple_needs_exactly_the_correct_set(small_quiz):
    relu = small_quiz.question("relu")
    assert is_correct(relu, frozenset({"slope", "default"}))
    assert is_correct(relu, {"default", "slope"})
    assert not is_correct(relu, frozenset({"slope"}))
    assert not is_correct(relu, frozenset({"slope", "default", "range"}))
    assert not is_correct(relu, frozenset())


def test_short_answers_are_normalized(small_quiz):
    z1, scale = small_quiz.question("z1"), small_quiz.question("scale")
    assert is_correct(z1, "4×m") and is_correct(z1, "（4，m）")
    assert not is_correct(z1, "(m, 4)") and not is_correct(z1, "")
    assert is_correct(scale, ".01") and not is_correct(scale, "0.1")


def test_a_response_of_the_wrong_form_is_a_type_error(small_quiz):
    with pytest.raises(TypeError):
        is_correct(small_quiz.question("relu"), "slope")  # multiple wants a set
    with pytest.raises(TypeError):
        is_correct(small_quiz.question("w1"), frozenset({"right"}))
    with pytest.raises(TypeError):
        is_correct(small_quiz.question("z1"), 4)


def test_numbers_compare_exactly_and_huge_exponents_stay_cheap():
    assert normalize_short("12345678901234567890123456789012345") != \
        normalize_short("12345678901234567890123456789012344")  # no 28-digit rounding
    assert normalize_short("1e40") == normalize_short("1" + "0" * 40)
    # A student pasting this must not make the app write out a billion digits.
    assert normalize_short("1E999999999") == "1e999999999"
    assert normalize_short("-2.50e-40") == "-2.5e-40"

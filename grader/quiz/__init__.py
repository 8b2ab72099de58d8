"""The quiz domain: question model, YAML loader, answer checking and attempt sessions.

Never imports textual: the app in grader/tui renders what these modules decide.
"""

from grader.quiz.answers import is_correct, normalize_short
from grader.quiz.catalog import QuizEntry, available_quizzes, quiz_key, user_quiz_dir
from grader.quiz.loader import Problem, QuizError, load_quiz, validate_files
from grader.quiz.model import DEFAULT_LOCALE, LOCALES, Choice, Question, Quiz, localize
from grader.quiz.session import Feedback, Result, Session, StaleStateError

__all__ = [
    "DEFAULT_LOCALE", "LOCALES", "Choice", "Feedback", "Problem", "Question", "Quiz",
    "QuizEntry", "QuizError", "Result", "Session", "StaleStateError", "available_quizzes",
    "is_correct", "load_quiz", "localize", "normalize_short", "quiz_key", "user_quiz_dir",
    "validate_files",
]

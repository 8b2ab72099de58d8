"""Grading: submissions, the sandbox that runs them, checks, diagnoses and reports."""

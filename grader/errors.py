"""The one error type for bad user input: the CLI prints it in one line, never a traceback."""


class UserError(Exception):
    """Bad input from a user (a path, a flag, a file). The message says what and where."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code

"""triage: label and explain new GitHub issues from an ownership rules file."""

__version__ = "0.1.0"

"""The Jinja2 environment a comment template runs in: sandboxed, StrictUndefined, one file.

Imported only where a comment is rendered or a template checked (see `triage.render`).
"""

from __future__ import annotations

from typing import NoReturn

import jinja2
from jinja2.sandbox import SandboxedEnvironment


class _OneFile(jinja2.BaseLoader):
    """A comment template is one file: `include`, `import` and `extends` have nothing to load.

    Without a loader Jinja2 raises a bare TypeError ("no loader for this environment specified");
    this says what the author did instead, at the line that did it.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> NoReturn:
        raise jinja2.TemplateNotFound(
            template,
            f'cannot load "{template}": a comment template is one file, '
            "it cannot include, import or extend another",
        )


def comment_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=_OneFile(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: issue text is made safe in comment_view instead.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

"""Reading a file someone gave us, with the reason in Chinese when it cannot be read.

Pure Python, no Django: the statute engine (``renda.statutes``) and the text-mining engine (``renda.textmining``)
both read users' files and neither imports the other.
"""

from __future__ import annotations

from pathlib import Path

UNREADABLE = "无法读取文件 {path}：{reason}"


def read_bytes(path: Path, error: type[Exception], *, limit: int = -1, unreadable: str = UNREADABLE) -> bytes:
    """The bytes of `path` (at most `limit` of them; all for -1). A missing file, a directory or an unreadable file
    raises `error` with the reason; `unreadable` (formatted with `path` and `reason`) says the last."""
    try:
        with path.open("rb") as fh:
            return fh.read(limit)
    except FileNotFoundError:
        raise error(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise error(f"这是一个目录，不是文件：{path}") from None
    except OSError as exc:
        raise error(unreadable.format(path=path, reason=exc.strerror or exc)) from None

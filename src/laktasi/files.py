"""The one guarded path for reading and writing a user's files.

Every command reads its inputs and writes its outputs through this module, so that the
promise "bad input exits 2 naming the file, nothing is half-written" holds structurally
rather than case by case:

Reading
    :func:`read_bytes` (size limit; every OS error becomes :class:`InputError` naming the file),
    :func:`read_text` (encoding detection: UTF-8 with or without BOM, UTF-16 with BOM or
    recognisably without, cp1252 when guessed — with a warning — and per-byte cp1252 repair of
    a mostly-UTF-8 file), :func:`load_yaml` (safe loader with an alias-expansion limit and a
    nesting-depth limit that refuses a "billion laughs" bomb while composing, before anything
    is expanded, and never echoes expanded content), :func:`csv_rows` (the CSV field-size limit
    raised to the file-size limit and CSV errors turned into problems with the row),
    :func:`check_input_path` (for libraries that insist on opening a path themselves).

Writing
    :func:`check_output_path` before any work starts (missing folder, a directory, a
    read-only folder, …); :func:`atomic_write` / :func:`atomic_path` write a temporary file
    in the target folder, ``fsync`` it and ``os.replace`` it over the target, so an exception,
    Ctrl+C or a kill leaves the old file untouched; :class:`OutputGroup` does the same for a
    set of files that must appear together (all written completely before any is put in place).

Nothing here knows about studies or reviews; the module sits beside :mod:`laktasi.errors`
at the bottom of the layering and only turns OS, codec, YAML and CSV failures into problems.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, overload

import yaml

from laktasi.errors import InputError, Problem, Text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_EXPANSION",
    "GuardedSafeLoader",
    "OutputGroup",
    "TextFile",
    "atomic_path",
    "atomic_write",
    "check_input_path",
    "check_output_path",
    "csv_rows",
    "decode",
    "decode_file",
    "detect_encoding",
    "input_problem",
    "load_yaml",
    "os_error_problem",
    "parse_yaml",
    "read_bytes",
    "read_text",
    "strip_control_chars",
    "write_bytes",
    "warnings_to",
    "write_text",
]

PathLike = str | os.PathLike[str]

#: Largest input read at all (bytes); ``LAKTASI_MAX_INPUT_MB`` overrides it.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: YAML design, strategy, counts and claims files are small; a large one is a mistake or an attack.
DEFAULT_MAX_YAML_BYTES = 8 * 1024 * 1024
#: Deepest nesting of YAML collections accepted (real files nest fewer than 10 levels).
MAX_YAML_DEPTH = 64
#: Nodes that aliases may add beyond the file's own nodes (a billion-laughs bomb adds 10⁹).
MAX_YAML_EXPANSION = 100_000


def _max_bytes_default() -> int:
    env = os.environ.get("LAKTASI_MAX_INPUT_MB", "").strip()
    if env:
        with contextlib.suppress(ValueError):
            return max(1, int(float(env) * 1024 * 1024))
    return DEFAULT_MAX_BYTES


def _name(path: PathLike) -> str:
    return os.fspath(path)


def input_problem(path: PathLike | None, code: str, en: str, id_: str, *, row: int | None = None,
                  column: str | None = None, value: Any = None,
                  severity: Literal["error", "warning"] = "error") -> Problem:
    """A :class:`Problem` about a user's file (``path`` may be ``None`` for text given directly)."""
    return Problem(code=code, text=Text(en=en, id=id_), file=None if path is None else _name(path),
                   row=row, column=column, value=value, severity=severity)


# ---------------------------------------------------------------------------------------------
# OS errors
# ---------------------------------------------------------------------------------------------

_OS_REASONS: dict[int, tuple[str, str, str]] = {
    errno.ENOENT: ("file_not_found", "the file or folder does not exist", "berkas atau folder tidak ada"),
    errno.EISDIR: ("is_directory", "this is a folder, not a file", "ini sebuah folder, bukan berkas"),
    errno.ENOTDIR: ("not_a_directory", "a part of the path is not a folder", "sebagian jalur bukan folder"),
    errno.EACCES: ("permission_denied", "permission denied", "izin ditolak"),
    errno.EPERM: ("permission_denied", "permission denied", "izin ditolak"),
    errno.EROFS: ("read_only", "the file system is read-only", "sistem berkas hanya-baca"),
    errno.ENOSPC: ("disk_full", "no space left on the disk", "ruang disk habis"),
    errno.EDQUOT: ("disk_full", "disk quota exceeded", "kuota disk terlampaui"),
    errno.ENAMETOOLONG: ("name_too_long", "the file name is too long", "nama berkas terlalu panjang"),
    errno.ELOOP: ("symlink_loop", "too many symbolic links", "terlalu banyak tautan simbolik"),
    errno.EFBIG: ("file_too_large", "the file is too large", "berkas terlalu besar"),
    errno.EIO: ("io_error", "input/output error", "galat masukan/keluaran"),
}


def os_error_problem(exc: OSError, path: PathLike, action: Literal["read", "write"]) -> Problem:
    """Turn an :class:`OSError` into a problem naming the file, in both languages."""
    code, en, id_ = _OS_REASONS.get(exc.errno or -1, ("os_error", exc.strerror or type(exc).__name__,
                                                      exc.strerror or type(exc).__name__))
    verb_en, verb_id = ("cannot read", "tidak dapat dibaca") if action == "read" else ("cannot write",
                                                                                        "tidak dapat ditulis")
    return input_problem(path, code, f"{verb_en}: {en}", f"{verb_id}: {id_}")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

def _too_large(path: PathLike, limit: int) -> InputError:
    mb = limit / (1024 * 1024)
    return InputError([input_problem(
        path, "file_too_large",
        f"the file is larger than the limit of {mb:g} MB (LAKTASI_MAX_INPUT_MB raises it)",
        f"berkas lebih besar dari batas {mb:g} MB (LAKTASI_MAX_INPUT_MB menaikkannya)")])


def check_input_path(path: PathLike, *, max_bytes: int | None = None) -> Path:
    """Check that ``path`` is a readable regular file within the size limit; return it as a Path.

    For libraries that open a path themselves (pyreadstat); everything else uses :func:`read_bytes`.
    """
    limit = _max_bytes_default() if max_bytes is None else max_bytes
    p = Path(path)
    try:
        st = os.stat(p)
        if os.path.isdir(p):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), _name(path))
        with open(p, "rb"):
            pass
    except OSError as exc:
        raise InputError([os_error_problem(exc, path, "read")]) from None
    if st.st_size > limit:
        raise _too_large(path, limit)
    return p


def read_bytes(path: PathLike, *, max_bytes: int | None = None) -> bytes:
    """The file's bytes, refusing anything over ``max_bytes`` (default 512 MB or ``LAKTASI_MAX_INPUT_MB``).

    The limit is enforced while reading, so a device or a growing file cannot exhaust memory.
    Every OS error (missing, a folder, no permission, I/O error) becomes an :class:`InputError`.
    """
    limit = _max_bytes_default() if max_bytes is None else max_bytes
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            if st.st_size > limit:
                raise _too_large(path, limit)
            data = handle.read(limit + 1)
    except IsADirectoryError as exc:
        raise InputError([os_error_problem(exc, path, "read")]) from None
    except OSError as exc:
        raise InputError([os_error_problem(exc, path, "read")]) from None
    if len(data) > limit:
        raise _too_large(path, limit)
    return data


@dataclass(frozen=True)
class TextFile:
    """A decoded text file: ``text`` has ``\\n`` line ends and no BOM.

    ``guessed`` is true when the encoding was not certain (no BOM and not valid UTF-8);
    ``warnings`` then says what was assumed, with the file named.
    """

    path: Path | None
    name: str
    text: str
    encoding: str
    guessed: bool
    warnings: tuple[Problem, ...] = ()


def detect_encoding(data: bytes) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-16-le``/``-be`` (no BOM), ``utf-8``, ``utf-8+cp1252``,
    ``cp1252`` or ``latin-1`` (see :func:`decode`)."""
    return _detect(data)[0]


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _has_utf8_multibyte(data: bytes) -> bool:
    """Does the text contain at least one valid UTF-8 multi-byte sequence (é as C3 A9, …)?"""
    text = data.decode("utf-8", errors="ignore")
    return any(ord(ch) > 127 for ch in text)


def _detect(data: bytes) -> tuple[str, bool]:
    """(encoding, guessed)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return "utf-8+cp1252", True
        return "utf-8-sig", False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", False
    bom_less = _looks_utf16(data)
    if bom_less:
        return bom_less, True
    try:
        data.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError:
        pass
    if _has_utf8_multibyte(data):
        return "utf-8+cp1252", True
    try:
        data.decode("cp1252")
        return "cp1252", True
    except UnicodeDecodeError:
        return "latin-1", True


def _cp1252_repair(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 is read as cp1252 (latin-1 where cp1252 has a hole)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start:exc.end]
    out = []
    for b in bad:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(bytes([b]).decode("latin-1"))
    return "".join(out), exc.end


codecs.register_error("laktasi-cp1252", _cp1252_repair)


def _strip_partial_utf8(data: bytes) -> bytes:
    """Drop a multi-byte UTF-8 character cut at the end of a slice."""
    for back in (1, 2, 3):
        if len(data) < back:
            break
        b = data[-back]
        if b & 0xC0 == 0xC0:  # a lead byte: is its sequence complete?
            need = 2 if b & 0xE0 == 0xC0 else 3 if b & 0xF0 == 0xE0 else 4
            return data[:-back] if back < need else data
        if b & 0xC0 != 0x80:
            break
    return data


def decode(data: bytes, partial: bool = False) -> tuple[str, str]:
    """Decode text bytes; returns (text with ``\\n`` line ends and no BOM, encoding name).

    Databases export UTF-8 (Scopus, PubMed; Embase and Web of Science add a BOM), Windows
    tools and older EndNote write cp1252, and a few Windows exports are UTF-16. Strict UTF-8
    almost never succeeds on cp1252 text with accents, so trying it first is safe. A file that
    is UTF-8 apart from a few stray bytes (``utf-8+cp1252``: one Latin-1 byte in a UTF-8-BOM CSV)
    keeps its UTF-8 and reads the stray bytes as cp1252. ``partial`` is for a slice of a file,
    which may end inside a multi-byte character. Never raises: an odd-length UTF-16 file loses
    its last byte here (:func:`read_text` refuses it instead).
    """
    if partial:
        data = _strip_partial_utf8(data)
    enc, _ = _detect(data)
    if enc == "utf-16":
        text = data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    elif enc in ("utf-16-le", "utf-16-be"):
        text = data[: len(data) // 2 * 2].decode(enc, errors="replace")
    elif enc == "utf-8-sig":
        text = data[3:].decode("utf-8")
    elif enc == "utf-8+cp1252":
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        text = body.decode("utf-8", errors="laktasi-cp1252")
    elif enc == "utf-8":
        text = data.decode("utf-8")
    elif enc == "cp1252":
        text = data.decode("cp1252")
    else:
        text = data.decode("latin-1")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, enc


def _first_bad_line(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    return 1


def decode_file(data: bytes, name: str, path: Path | None = None) -> TextFile:
    """Decode bytes already read (an upload, say) exactly as :func:`read_text` decodes a file."""
    enc, guessed = _detect(data)
    if enc.startswith("utf-16") and len(data) % 2:
        raise InputError([input_problem(
            name, "bad_encoding", "the file looks like UTF-16 but has an odd number of bytes (it is cut off "
            "or damaged); save it again as UTF-8",
            "berkas tampak UTF-16 tetapi jumlah bitanya ganjil (terpotong atau rusak); simpan ulang sebagai UTF-8")])
    text, enc = decode(data)
    warnings: list[Problem] = []
    if enc == "utf-8+cp1252":
        line = _first_bad_line(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
        warnings.append(input_problem(
            name, "mixed_encoding",
            "the file is UTF-8 but contains bytes that are not (first on this line); they were read as "
            "Windows-1252 — check accented letters",
            "berkas ber-UTF-8 tetapi memuat bita yang bukan UTF-8 (pertama pada baris ini); bita itu dibaca "
            "sebagai Windows-1252 — periksa huruf beraksen", row=line, severity="warning"))
    elif guessed:
        label = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}.get(enc, enc.upper())
        warnings.append(input_problem(
            name, "guessed_encoding",
            f"the file is not UTF-8; it was read as {label} — check accented letters (saving as UTF-8 avoids "
            "the guess)",
            f"berkas bukan UTF-8; dibaca sebagai {label} — periksa huruf beraksen (simpan sebagai UTF-8 agar "
            "tidak perlu menebak)", value=enc, severity="warning"))
    return TextFile(path=path, name=name, text=text, encoding=enc, guessed=guessed, warnings=tuple(warnings))


_WARNING_SINKS: list[Callable[[Problem], None]] = []


@contextlib.contextmanager
def warnings_to(sink: Callable[[Problem], None]) -> Iterator[None]:
    """Send the warnings of every file read inside the block (a guessed encoding, …) to ``sink``.

    The command line prints them on standard error in the user's language, so a warning reaches
    the user even when the reading function returns only the parsed data.
    """
    _WARNING_SINKS.append(sink)
    try:
        yield
    finally:
        _WARNING_SINKS.remove(sink)


def _emit(problems: Sequence[Problem]) -> None:
    for problem in problems:
        for sink in _WARNING_SINKS[-1:]:
            sink(problem)


# XML 1.0 forbids these; Word and Excel files refuse them and no spreadsheet shows them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_control_chars(text: str) -> str:
    """``text`` without the invisible control characters (tab and line ends kept) that DOCX/XLSX refuse."""
    return _CONTROL_CHARS.sub("", text) if _CONTROL_CHARS.search(text) else text


def read_text(path: PathLike, *, max_bytes: int | None = None) -> TextFile:
    """Read and decode a user's text file (see :func:`decode`); OS errors become :class:`InputError`.

    Warnings (a guessed encoding) are in the result and also go to the sink of :func:`warnings_to`.
    """
    data = read_bytes(path, max_bytes=max_bytes)
    tf = decode_file(data, _name(path), Path(path))
    _emit(tf.warnings)
    return tf


# ---------------------------------------------------------------------------------------------
# YAML
# ---------------------------------------------------------------------------------------------

class GuardedSafeLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader with a depth limit and an alias-expansion limit.

    The depth is counted while composing, before PyYAML's recursive composer could hit
    Python's recursion limit. Aliases are counted while composing too: each alias adds the
    (memoised) expanded size of the node it points to, so a billion-laughs bomb is refused
    after a few dozen aliases, in microseconds, and nothing is ever expanded. A constructor
    failure (a date like 2025-13-45, an integer of 10,000 digits) becomes a YAML error with
    its line instead of escaping as ValueError.
    """

    max_depth = MAX_YAML_DEPTH
    max_expansion = MAX_YAML_EXPANSION

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._expanded = 0
        self._sizes: dict[int, int] = {}
        self._open_anchors: set[str] = set()

    def _size(self, node: yaml.Node) -> int:
        """Nodes in ``node`` with every alias expanded (memoised, so linear in the file)."""
        key = id(node)
        if key in self._sizes:
            return self._sizes[key]
        total = 1
        self._sizes[key] = 1  # a recursive alias counts once rather than looping
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += self._size(child)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += self._size(k) + self._size(v)
        self._sizes[key] = total
        return total

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            anchor = event.anchor
            if anchor in self._open_anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"alias *{_short(str(anchor), 40)} refers to the collection that contains it",
                    event.start_mark)
            if anchor in self.anchors:
                self._expanded += self._size(self.anchors[anchor])
                if self._expanded > self.max_expansion:
                    raise yaml.composer.ComposerError(
                        None, None, f"aliases expand to more than {self.max_expansion:,} nodes "
                        "(a 'billion laughs' file?)", event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            if self._depth > self.max_depth:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {self.max_depth} levels deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.discard(anchor)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read value {_short(str(node.value))}: {_short(str(exc))}",
                node.start_mark) from None


def _short(text: str, limit: int = 80) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yaml_error_problem(exc: yaml.YAMLError, name: str | None, text: str = "") -> Problem:
    """A YAML syntax/limit error as a problem with its line and column (never echoing content)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    row = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or type(exc).__name__
    if isinstance(exc, yaml.reader.ReaderError):
        position = int(exc.position)
        row = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(int(exc.character))
        what = f"a control character U+{ord(char):04X} is not allowed in YAML"
    context = getattr(exc, "context", None)
    reason = _short(f"{context}, {what}" if context else str(what), 200)
    where_en = f" (line {row}, column {col})" if row is not None else ""
    where_id = f" (baris {row}, kolom {col})" if row is not None else ""
    return input_problem(name, "yaml_syntax", f"not valid YAML{where_en}: {reason}",
                         f"bukan YAML yang sah{where_id}: {reason}", row=row)


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, label: str | None, max_depth: int) -> None:
    """Refuse absurd ``[[[[…`` nesting before PyYAML's scanner, which is quadratic in flow depth.

    Brackets are counted without regard to quoting, so the bound is generous (4 × the composer's
    depth limit, which still applies exactly); it only exists to keep a 4 KB bomb from taking seconds.
    """
    if text.count("[") + text.count("{") <= 4 * max_depth:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        depth = max(depth, 0)
        if depth > 4 * max_depth:
            row = text.count("\n", 0, match.start()) + 1
            raise InputError([input_problem(
                label, "yaml_syntax", f"not valid YAML (line {row}): nested more than {max_depth} levels deep",
                f"bukan YAML yang sah (baris {row}): bersarang lebih dari {max_depth} tingkat", row=row)])


def load_yaml(source: PathLike | TextFile, *, loader: type[GuardedSafeLoader] = GuardedSafeLoader,
              node: bool = False, max_bytes: int = DEFAULT_MAX_YAML_BYTES) -> Any:
    """Read and parse a user's YAML file (or an already decoded :class:`TextFile`) safely.

    See :func:`parse_yaml`; the file is read by :func:`read_text` (size limit, encodings).
    """
    tf = source if isinstance(source, TextFile) else read_text(source, max_bytes=max_bytes)
    return parse_yaml(tf.text, name=tf.name, loader=loader, node=node, max_bytes=max_bytes)


def parse_yaml(text: str, *, name: str | None, loader: type[GuardedSafeLoader] = GuardedSafeLoader,
               node: bool = False, max_bytes: int = DEFAULT_MAX_YAML_BYTES) -> Any:
    """Parse YAML text safely; ``name`` labels problems (the file it came from, or ``None``).

    ``loader`` may be a subclass of :class:`GuardedSafeLoader` (e.g. with YAML 1.2 booleans);
    ``node=True`` returns ``(data, root node)`` for callers that report line numbers per item.
    Every failure — syntax, nesting, alias bomb, impossible value — is an :class:`InputError`
    with the line; text is never echoed beyond 200 characters.
    """
    if len(text) > max_bytes:
        raise _too_large(name or "YAML", max_bytes)
    _check_flow_depth(text, name, loader.max_depth)
    try:
        ldr = loader(text)  # the reader refuses control characters here, before any parsing
    except yaml.YAMLError as exc:
        raise InputError([yaml_error_problem(exc, name, text)]) from None
    try:
        root = ldr.get_single_node()
        data = ldr.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise InputError([yaml_error_problem(exc, name, text)]) from None
    except RecursionError:  # a subclass with a higher max_depth than the stack allows
        raise InputError([input_problem(name, "yaml_syntax", "not valid YAML: nested too deeply",
                                        "bukan YAML yang sah: bersarang terlalu dalam")]) from None
    finally:
        ldr.dispose()
    return (data, root) if node else data


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

def raise_csv_field_limit(limit: int | None = None) -> None:
    """Let one CSV cell be as large as the file-size limit (Python's default is 131,072 characters)."""
    want = _max_bytes_default() if limit is None else limit
    if csv.field_size_limit() < want:
        csv.field_size_limit(min(want, sys.maxsize, 2**31 - 1))


def csv_rows(text: str, *, name: str, delimiter: str = ",", **kwargs: Any) -> list[list[str]]:
    """All rows of CSV text; a malformed file is an :class:`InputError` with the line."""
    import io

    raise_csv_field_limit()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, **kwargs)
    try:
        return list(reader)
    except csv.Error as exc:
        raise InputError([input_problem(name, "unreadable_csv", f"cannot read as CSV: {exc}",
                                        f"tidak dapat dibaca sebagai CSV: {exc}", row=reader.line_num)]) from None


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

def check_output_path(path: PathLike, *, what: str | None = None) -> Path:
    """Refuse an output path that cannot be written, before any work starts.

    Catches a missing folder, a folder given as the file, a parent that is a file, a
    read-only folder or file, and an empty name. Returns the path. ``what`` (e.g. ``--out``)
    is named in the message.
    """
    p = Path(path)
    label = f"{what}: " if what else ""
    parent = p.parent if str(p.parent) else Path(".")

    def fail(code: str, en: str, id_: str) -> InputError:
        return InputError([input_problem(path, code, f"{label}{en}", f"{label}{id_}")])

    if not p.name or str(path).endswith(os.sep):
        raise fail("is_directory", "this names a folder, not a file", "ini nama folder, bukan berkas")
    if p.is_dir():
        raise fail("is_directory", "this is a folder, not a file", "ini sebuah folder, bukan berkas")
    if not parent.exists():
        raise fail("output_folder_missing", f"the folder {str(parent)!r} does not exist",
                   f"folder {str(parent)!r} tidak ada")
    if not parent.is_dir():
        raise fail("not_a_directory", f"{str(parent)!r} is not a folder", f"{str(parent)!r} bukan folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise fail("read_only", f"the folder {str(parent)!r} is not writable",
                   f"folder {str(parent)!r} tidak dapat ditulisi")
    if p.exists() and not os.access(p, os.W_OK) and os.geteuid() != 0:
        # os.replace would succeed in a writable folder, but a read-only file is a deliberate "keep".
        raise fail("read_only", "the file is read-only", "berkas hanya-baca")
    return p


def _tmp_for(target: Path) -> tuple[int, Path]:
    # The target's suffix is kept last: libraries that pick a format by extension (matplotlib,
    # the record writers) still see ".png" or ".ris".
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:80]}.", suffix=f".laktasi-tmp{target.suffix[:16]}",
                               dir=target.parent or ".")
    return fd, Path(tmp)


@contextlib.contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Hold SIGINT back while a temporary file is created and recorded for clean-up.

    Otherwise Ctrl+C landing between ``mkstemp`` and the bookkeeping would leave the file behind;
    the held signal is delivered (as KeyboardInterrupt) the moment the block ends.
    """
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, OSError, ValueError):  # not POSIX
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep_mode(target: Path, tmp: Path) -> None:
    """mkstemp makes 0600 files; give the output the mode a plain open() would (or the old file's)."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    For libraries that save to a path themselves (python-docx, openpyxl, matplotlib). On any
    exception (including KeyboardInterrupt) the temporary file is removed and ``path`` is
    untouched; a kill leaves at most a hidden ``.stem.*.laktasi-tmp.suffix`` file beside it.
    """
    target = Path(path)
    tmp: Path | None = None
    try:
        with _ctrl_c_deferred():
            try:
                fd, tmp = _tmp_for(target)
                os.close(fd)
            except OSError as exc:
                raise InputError([os_error_problem(exc, path, "write")]) from None
        yield tmp
        _commit(tmp, target)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise


def _commit(tmp: Path, target: Path) -> None:
    try:
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError([os_error_problem(exc, target, "write")]) from None
    _fsync_dir(target.parent)


@overload
def atomic_write(path: PathLike, mode: Literal["w"] = "w", *, encoding: str = "utf-8",
                 newline: str | None = None) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(path: PathLike, mode: Literal["wb"], *, encoding: str = "utf-8",
                 newline: str | None = None) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_write(path: PathLike, mode: Literal["w", "wb"] = "w", *, encoding: str = "utf-8",
                 newline: str | None = None) -> contextlib.AbstractContextManager[IO[Any]]:
    """Open ``path`` for writing through a temporary file replaced atomically on success.

    ``with atomic_write(out, newline="") as handle: csv.writer(handle)...`` — an exception or
    Ctrl+C inside the block leaves the old file as it was. OS errors (disk full, permission)
    become :class:`InputError` naming ``path``.
    """
    return _atomic_write(path, mode, encoding, newline)


@contextlib.contextmanager
def _atomic_write(path: PathLike, mode: str, encoding: str, newline: str | None) -> Iterator[IO[Any]]:
    with atomic_path(path) as tmp:
        try:
            if mode == "wb":
                with open(tmp, "wb") as bhandle:
                    yield bhandle
            else:
                with open(tmp, "w", encoding=encoding, newline=newline) as thandle:
                    yield thandle
        except OSError as exc:
            raise InputError([os_error_problem(exc, path, "write")]) from None


def write_bytes(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def write_text(path: PathLike, text: str, *, encoding: str = "utf-8", newline: str | None = "\n") -> None:
    """Write ``text`` to ``path`` atomically (``\\n`` line ends unless told otherwise)."""
    with atomic_write(path, "w", encoding=encoding, newline=newline) as handle:
        handle.write(text)


class OutputGroup:
    """Several outputs that appear together or not at all.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with OutputGroup() as group:
    ...     group.write_text(d / "a.csv", "x\\n")
    ...     with group.path(d / "b.png") as tmp:
    ...         _ = tmp.write_bytes(b"png")
    >>> sorted(p.name for p in d.iterdir())
    ['a.csv', 'b.png']

    Each output is written completely to a temporary file beside its target; only when the
    ``with`` block ends without an exception are all of them fsynced and moved into place
    (the moves are renames within each folder, microseconds apart). On an exception or Ctrl+C
    nothing is replaced and the temporary files are removed.
    """

    def __init__(self, paths: Sequence[PathLike] = ()) -> None:
        self._pending: list[tuple[Path, Path]] = []
        for p in paths:
            check_output_path(p)

    def __enter__(self) -> OutputGroup:
        return self

    def _new(self, target: PathLike) -> Path:
        tpath = Path(target)
        with _ctrl_c_deferred():
            try:
                fd, tmp = _tmp_for(tpath)
                os.close(fd)
            except OSError as exc:
                raise InputError([os_error_problem(exc, target, "write")]) from None
            self._pending.append((tmp, tpath))
        return tmp

    @contextlib.contextmanager
    def path(self, target: PathLike) -> Iterator[Path]:
        """A temporary path to save ``target`` to; it is put in place when the group ends."""
        yield self._new(target)

    @contextlib.contextmanager
    def open(self, target: PathLike, mode: Literal["w", "wb"] = "w", *, encoding: str = "utf-8",
             newline: str | None = None) -> Iterator[IO[Any]]:
        tmp = self._new(target)
        try:
            if mode == "wb":
                with open(tmp, "wb") as bh:
                    yield bh
            else:
                with open(tmp, "w", encoding=encoding, newline=newline) as th:
                    yield th
        except OSError as exc:
            raise InputError([os_error_problem(exc, target, "write")]) from None

    def write_bytes(self, target: PathLike, data: bytes) -> None:
        with self.open(target, "wb") as handle:
            handle.write(data)

    def write_text(self, target: PathLike, text: str, *, newline: str | None = "\n") -> None:
        with self.open(target, "w", newline=newline) as handle:
            handle.write(text)

    def _discard(self) -> None:
        for tmp, _ in self._pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._pending.clear()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            for tmp, target in self._pending:
                with open(tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                _keep_mode(target, tmp)
        except OSError as err:
            self._discard()
            raise InputError([os_error_problem(err, target, "write")]) from None
        except BaseException:
            self._discard()
            raise
        done = 0
        try:
            with _ctrl_c_deferred():  # the renames go together: Ctrl+C waits the microseconds they take
                for tmp, target in self._pending:
                    os.replace(tmp, target)
                    done += 1
        except OSError as err:
            failed = self._pending[done][1]
            for tmp, _ in self._pending[done:]:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            self._pending.clear()
            raise InputError([os_error_problem(err, failed, "write")]) from None
        for folder in {t.parent for _, t in self._pending}:
            _fsync_dir(folder)
        self._pending.clear()


def run_guarded(fn: Callable[[], Any], name: PathLike, action: Literal["read", "write"]) -> Any:
    """Call ``fn``; an :class:`OSError` from it becomes an :class:`InputError` naming ``name``."""
    try:
        return fn()
    except OSError as exc:
        raise InputError([os_error_problem(exc, name, action)]) from None


# Every CSV reader in the process (pandas' python engine, csv.reader on a header line, …) may meet a
# cell as large as the file: Python's default of 131,072 characters turned such a cell into a crash.
raise_csv_field_limit()

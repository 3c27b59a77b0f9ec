"""The small everyday programs: echo, cat, ls, env, hostname, sleep, head, grep, sort, uniq...

Busybox (Alpine, busybox) and GNU/BSD (Debian, the laptop) word their errors
differently; :func:`busybox` tells which one a machine has. Only the options
learners use with these programs are implemented; an unknown option gets the
program's own "invalid option" message.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from .base import Interrupted, ToolContext, program

__all__ = ["busybox"]


def busybox(ctx: ToolContext) -> bool:
    userland = getattr(ctx.machine, "userland", None)
    return userland is not None and userland.name in ("alpine", "busybox")


def _open_error(ctx: ToolContext, prog: str, name: str) -> None:
    if busybox(ctx):
        ctx.err.write(f"{prog}: can't open '{name}': No such file or directory\n")
    else:
        ctx.err.write(f"{prog}: {name}: No such file or directory\n")


def _inputs(ctx: ToolContext, prog: str, names: list[str]) -> tuple[list[str], int]:
    """The texts of the named files (``-`` or none: stdin), and the status so far."""
    if not names:
        return [ctx.stdin], 0
    texts, status = [], 0
    for name in names:
        if name == "-":
            texts.append(ctx.stdin)
            continue
        text = ctx.machine.read_file(ctx.path(name))
        if text is None:
            if ctx.machine.is_dir(ctx.path(name)):
                ctx.err.write(
                    f"{prog}: read error: Is a directory\n" if busybox(ctx) else f"{prog}: {name}: Is a directory\n"
                )
            else:
                _open_error(ctx, prog, name)
            status = 1
            continue
        texts.append(text)
    return texts, status


def _split_flags(argv: list[str], known: str) -> tuple[set[str], list[str], str | None]:
    flags, rest = set(), []
    for arg in argv[1:]:
        if arg.startswith("-") and len(arg) > 1 and not rest and not arg[1:].isdigit():
            for letter in arg[1:]:
                if letter not in known:
                    return flags, rest, letter
                flags.add(letter)
        else:
            rest.append(arg)
    return flags, rest, None


def _invalid(ctx: ToolContext, prog: str, letter: str) -> int:
    ctx.err.write(
        f"{prog}: unrecognized option: {letter}\n" if busybox(ctx) else f"{prog}: invalid option -- '{letter}'\n"
    )
    return 1


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "r": "\r", "a": "\a", "e": "\x1b"}


def _unescape(text: str) -> tuple[str, bool]:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "c":
                return "".join(out), True
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out), False


@program("echo")
def echo(ctx: ToolContext, argv: list[str]) -> int:
    args, newline, escapes = argv[1:], True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        newline = newline and "n" not in args[0]
        escapes = "e" in args[0] or (escapes and "E" not in args[0])
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stop = _unescape(text)
        newline = newline and not stop
    ctx.out.write(text + ("\n" if newline else ""))
    return 0


@program("printf")
def printf(ctx: ToolContext, argv: list[str]) -> int:
    if len(argv) < 2:
        ctx.err.write("printf: usage: printf FORMAT [ARGUMENT...]\n" if busybox(ctx) else "printf: missing operand\n")
        return 1
    fmt, args = _unescape(argv[1])[0], argv[2:]
    pieces = re.split(r"(%[-0-9.]*[sdif%])", fmt)
    out, index = [], 0
    while True:
        for piece in pieces:
            if re.fullmatch(r"%[-0-9.]*[sdif%]", piece):
                if piece == "%%":
                    out.append("%")
                    continue
                value = args[index] if index < len(args) else ""
                index += 1
                conv = piece[-1]
                try:
                    out.append(
                        piece % (int(value or 0) if conv in "di" else float(value or 0) if conv == "f" else value)
                    )
                except ValueError:
                    out.append(value)
            else:
                out.append(piece)
        if index >= len(args) or not any("%" in p for p in pieces):
            break
    ctx.out.write("".join(out))
    return 0


@program("cat")
def cat(ctx: ToolContext, argv: list[str]) -> int:
    texts, status = _inputs(ctx, "cat", [a for a in argv[1:] if a != "-u"])
    ctx.out.write("".join(texts))
    return status


def _columns(names: list[str], width: int = 80) -> str:
    if not names:
        return ""
    col = max(len(n) for n in names) + 2
    ncols = max(1, width // col)
    nrows = -(-len(names) // ncols)
    ncols = -(-len(names) // nrows)
    lines = []
    for r in range(nrows):
        row = [names[c * nrows + r] for c in range(ncols) if c * nrows + r < len(names)]
        lines.append("".join(n.ljust(col) for n in row[:-1]) + row[-1])
    return "\n".join(lines) + "\n"


@program("ls")
def ls(ctx: ToolContext, argv: list[str]) -> int:
    flags, targets, bad = _split_flags(argv, "laA1hF")
    if bad:
        return _invalid(ctx, "ls", bad)
    status, blocks = 0, []
    for target in targets or ["."]:
        path = ctx.path(target)
        names = ctx.machine.list_dir(path)
        if names is None:
            if ctx.machine.read_file(path) is not None:
                blocks.append([target])
                continue
            ctx.err.write(
                f"ls: {target}: No such file or directory\n"
                if busybox(ctx)
                else f"ls: cannot access '{target}': No such file or directory\n"
            )
            status = 1 if busybox(ctx) else 2
            continue
        blocks.append(names)
    for names in blocks:
        if "1" in flags or "l" in flags or not ctx.stdout_tty:
            ctx.out.write("".join(n + "\n" for n in names))
        else:
            ctx.out.write(_columns(names))
    return status


@program("hostname")
def hostname(ctx: ToolContext, argv: list[str]) -> int:
    if "-i" in argv[1:]:
        pod = ctx.machine.pod
        ctx.out.write((pod.ip if pod is not None else "127.0.0.1") + ("\n" if busybox(ctx) else " \n"))
        return 0
    ctx.out.write(ctx.machine.hostname + "\n")
    return 0


@program("env", "printenv")
def env(ctx: ToolContext, argv: list[str]) -> int:
    if argv[0] == "printenv" and len(argv) > 1:
        values = [ctx.env[name] for name in argv[1:] if name in ctx.env]
        ctx.out.write("".join(v + "\n" for v in values))
        return 0 if len(values) == len(argv) - 1 else 1
    ctx.out.write("".join(f"{k}={v}\n" for k, v in ctx.env.items()))
    return 0


@program("whoami")
def whoami(ctx: ToolContext, argv: list[str]) -> int:
    ctx.out.write(ctx.env.get("USER", "root") + "\n")
    return 0


@program("id")
def id_(ctx: ToolContext, argv: list[str]) -> int:
    groups = (
        "0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)"
        if busybox(ctx)
        else "0(root)"
    )
    ctx.out.write(f"uid=0(root) gid=0(root) groups={groups}\n")
    return 0


def _seconds(text: str) -> float | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", text)
    if match is None:
        return None
    return float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]]


@program("sleep")
def sleep(ctx: ToolContext, argv: list[str]) -> int:
    if len(argv) < 2:
        ctx.err.write(
            "sleep: missing operand\n"
            if not busybox(ctx)
            else "BusyBox v1.37.0 multi-call binary.\n\nUsage: sleep [N]...\n"
        )
        return 1
    if argv[1] in ("infinity", "inf"):
        raise Interrupted()
    total = 0.0
    for arg in argv[1:]:
        seconds = _seconds(arg)
        if seconds is None:
            ctx.err.write(
                f"sleep: invalid number '{arg}'\n" if busybox(ctx) else f"sleep: invalid time interval '{arg}'\n"
            )
            return 1
        total += seconds
    ctx.spend(total)
    return 0


@program("which")
def which(ctx: ToolContext, argv: list[str]) -> int:
    from ..userland import command_path

    status = 0
    for name in argv[1:]:
        if ctx.machine.has_command(name):
            ctx.out.write(command_path(name) + "\n")
        else:
            status = 1
    return status


@program("seq")
def seq(ctx: ToolContext, argv: list[str]) -> int:
    try:
        numbers = [int(a) for a in argv[1:]]
    except ValueError:
        bad = next(a for a in argv[1:] if not a.lstrip("-").isdigit())
        ctx.err.write(
            f"seq: invalid number '{bad}'\n" if busybox(ctx) else f"seq: invalid floating point argument: '{bad}'\n"
        )
        return 1
    if not 1 <= len(numbers) <= 3:
        ctx.err.write("seq: missing operand\n")
        return 1
    first, step, last = (
        (1, 1, numbers[0])
        if len(numbers) == 1
        else (numbers[0], 1, numbers[1])
        if len(numbers) == 2
        else tuple(numbers)
    )
    if step == 0:
        return 1
    values = range(first, last + (1 if step > 0 else -1), step)
    ctx.out.write("".join(f"{v}\n" for v in list(values)[:100000]))
    return 0


def _count_option(argv: list[str], default: int) -> tuple[int, list[str]]:
    count, rest, args = default, [], iter(argv[1:])
    for arg in args:
        if arg == "-n":
            count = int(next(args, str(default)).lstrip("+-") or default)
        elif re.fullmatch(r"-n\d+", arg):
            count = int(arg[2:])
        elif re.fullmatch(r"-\d+", arg):
            count = int(arg[1:])
        else:
            rest.append(arg)
    return count, rest


@program("head", "tail")
def head_tail(ctx: ToolContext, argv: list[str]) -> int:
    try:
        count, names = _count_option(argv, 10)
    except ValueError:
        ctx.err.write(f"{argv[0]}: invalid number\n")
        return 1
    texts, status = _inputs(ctx, argv[0], names)
    for text in texts:
        lines = text.splitlines(keepends=True)
        ctx.out.write("".join(lines[:count] if argv[0] == "head" else lines[-count:] if count else []))
    return status


@program("grep")
def grep(ctx: ToolContext, argv: list[str]) -> int:
    flags, rest, bad = _split_flags(argv, "ivcoqnEFwe")
    if bad:
        ctx.err.write(f"grep: unrecognized option: {bad}\n" if busybox(ctx) else f"grep: invalid option -- '{bad}'\n")
        return 2
    if not rest:
        ctx.err.write(
            (
                "BusyBox v1.37.0 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFExz] [-m N] [-A|B|C N] "
                "{ PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n"
            )
            if busybox(ctx)
            else "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
        )
        return 2
    pattern, names = rest[0], rest[1:]
    if "F" in flags:
        pattern = re.escape(pattern)
    else:
        pattern = pattern.replace(r"\|", "|") if "E" not in flags else pattern
    if "w" in flags:
        pattern = rf"\b(?:{pattern})\b"
    try:
        regex = re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
    except re.error:
        ctx.err.write("grep: bad regex\n")
        return 2
    texts, status = _inputs(ctx, "grep", names)
    matched = 0
    for text in texts:
        for number, line in enumerate(text.splitlines(), start=1):
            found = regex.search(line)
            if bool(found) == ("v" in flags):
                continue
            matched += 1
            if "q" in flags or "c" in flags:
                continue
            prefix = f"{number}:" if "n" in flags else ""
            if "o" in flags and found:
                ctx.out.write("".join(f"{prefix}{m.group(0)}\n" for m in regex.finditer(line)))
            else:
                ctx.out.write(f"{prefix}{line}\n")
    if "c" in flags:
        ctx.out.write(f"{matched}\n")
    return status or (2 if status else (0 if matched else 1))


@program("wc")
def wc(ctx: ToolContext, argv: list[str]) -> int:
    flags, names, bad = _split_flags(argv, "lwc")
    if bad:
        return _invalid(ctx, "wc", bad)
    texts, status = _inputs(ctx, "wc", names)
    text = "".join(texts)
    counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
    wanted = [counts[f] for f in "lwc" if f in flags] or [counts["l"], counts["w"], counts["c"]]
    if len(wanted) == 1 and not names:
        ctx.out.write(f"{wanted[0]}\n")
    else:
        suffix = f" {names[0]}" if len(names) == 1 else ""
        width = 9 if busybox(ctx) else 7
        ctx.out.write(" ".join(f"{n:>{width}}" for n in wanted) + suffix + "\n")
    return status


@program("sort")
def sort(ctx: ToolContext, argv: list[str]) -> int:
    flags, names, bad = _split_flags(argv, "rnu")
    if bad:
        return _invalid(ctx, "sort", bad)
    texts, status = _inputs(ctx, "sort", names)
    lines = "".join(texts).splitlines()
    if "n" in flags:

        def key(line: str):
            match = re.match(r"\s*(-?\d+(?:\.\d+)?)", line)
            return (float(match[1]) if match else 0.0, line)
    else:

        def key(line: str):
            return line

    lines.sort(key=key, reverse="r" in flags)
    if "u" in flags:
        lines = list(dict.fromkeys(lines))
    ctx.out.write("".join(line + "\n" for line in lines))
    return status


@program("uniq")
def uniq(ctx: ToolContext, argv: list[str]) -> int:
    flags, names, bad = _split_flags(argv, "cdu")
    if bad:
        return _invalid(ctx, "uniq", bad)
    texts, status = _inputs(ctx, "uniq", names[:1])
    groups: list[list] = []
    for line in "".join(texts).splitlines():
        if groups and groups[-1][0] == line:
            groups[-1][1] += 1
        else:
            groups.append([line, 1])
    for line, count in groups:
        if ("d" in flags and count < 2) or ("u" in flags and count > 1):
            continue
        ctx.out.write(f"{count:7d} {line}\n" if "c" in flags else f"{line}\n")
    return status


@program("date")
def date(ctx: ToolContext, argv: list[str]) -> int:
    now = datetime.fromtimestamp(ctx.now(), tz=timezone.utc)
    if len(argv) > 1 and argv[1].startswith("+"):
        ctx.out.write(now.strftime(argv[1][1:]) + "\n")
    else:
        ctx.out.write(now.strftime("%a %b ") + f"{now.day:2d}" + now.strftime(" %H:%M:%S UTC %Y") + "\n")
    return 0


@program("uname")
def uname(ctx: ToolContext, argv: list[str]) -> int:
    kernel = ctx.cluster.profile.kernel_version
    if "-a" in argv:
        ctx.out.write(f"Linux {ctx.machine.hostname} {kernel} #1 SMP PREEMPT_DYNAMIC x86_64 Linux\n")
    elif "-r" in argv:
        ctx.out.write(kernel + "\n")
    else:
        ctx.out.write("Linux\n")
    return 0


@program("clear")
def clear(ctx: ToolContext, argv: list[str]) -> int:
    ctx.out.write("\x1b[H\x1b[J")
    return 0


@program("touch")
def touch(ctx: ToolContext, argv: list[str]) -> int:
    status = 0
    for name in argv[1:]:
        path = ctx.path(name)
        if ctx.machine.read_file(path) is None and ctx.machine.write_file(path, "") is not None:
            ctx.err.write(f"touch: {name}: No such file or directory\n")
            status = 1
    return status


@program("mkdir")
def mkdir(ctx: ToolContext, argv: list[str]) -> int:
    for name in argv[1:]:
        if not name.startswith("-"):
            ctx.machine.make_dir(ctx.path(name))
    return 0


@program("rm")
def rm(ctx: ToolContext, argv: list[str]) -> int:
    status = 0
    force = any(a.startswith("-") and "f" in a for a in argv[1:])
    for name in (a for a in argv[1:] if not a.startswith("-")):
        if not ctx.machine.remove_file(ctx.path(name)) and not force:
            ctx.err.write(
                f"rm: can't remove '{name}': No such file or directory\n"
                if busybox(ctx)
                else f"rm: cannot remove '{name}': No such file or directory\n"
            )
            status = 1
    return status


def _test(args: list[str], ctx: ToolContext) -> bool:
    if not args:
        return False
    if args[0] == "!":
        return not _test(args[1:], ctx)
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, value = args
        path = ctx.path(value)
        return {
            "-z": value == "",
            "-n": value != "",
            "-e": ctx.machine.read_file(path) is not None or ctx.machine.is_dir(path),
            "-f": ctx.machine.read_file(path) is not None,
            "-d": ctx.machine.is_dir(path),
        }.get(op, False)
    left, op, right = args[:3]
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    ops = {
        "-eq": int.__eq__,
        "-ne": int.__ne__,
        "-lt": int.__lt__,
        "-le": int.__le__,
        "-gt": int.__gt__,
        "-ge": int.__ge__,
    }
    if op in ops:
        return ops[op](int(left), int(right))
    raise ValueError(op)


@program("test", "[")
def test(ctx: ToolContext, argv: list[str]) -> int:
    args = argv[1:]
    if argv[0] == "[":
        if not args or args[-1] != "]":
            ctx.err.write("sh: missing ]\n" if busybox(ctx) else "[: missing ]\n")
            return 2
        args = args[:-1]
    try:
        return 0 if _test(args, ctx) else 1
    except ValueError:
        bad = next(
            (a for a in args if not a.lstrip("-").isdigit() and a not in ("-eq", "-ne", "-lt", "-le", "-gt", "-ge")), ""
        )
        ctx.err.write(f"sh: {bad}: bad number\n" if busybox(ctx) else f"sh: 1: [: Illegal number: {bad}\n")
        return 2

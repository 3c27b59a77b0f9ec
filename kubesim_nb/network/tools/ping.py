"""``ping``: busybox's in Pods, the BSD one (macOS) on the laptop.

Whether an echo is answered comes from :func:`~kubesim_nb.network.proxy.ping`:
Pod and node IPs answer, a Service's cluster IP never does (it exists only as
rules for its ports) — the classic "ping does not work on a Service" lesson.
``-c N`` sends N probes a second apart; without ``-c`` the simulator stops
after 4 as if the learner pressed Ctrl-C. Time passes on the simulated clock.
"""

from __future__ import annotations

from ..proxy import ping as icmp_echo
from .base import ToolContext, jitter, program

__all__ = ["ping"]

DEFAULT_INTERRUPT_AFTER = 4


def _options(argv: list[str]) -> tuple[dict[str, float], list[str], str | None]:
    values, rest, args = {}, [], iter(argv[1:])
    for arg in args:
        if arg.startswith("-") and len(arg) > 1:
            letter, inline = arg[1], arg[2:]
            if letter in "cWwis":
                raw = inline or next(args, "")
                try:
                    values[letter] = float(raw)
                except ValueError:
                    return values, rest, f"invalid number '{raw}'"
            elif letter not in "qn4":
                return values, rest, f"unrecognized option: {letter}"
            else:
                values[letter] = 1
        else:
            rest.append(arg)
    return values, rest, None


def _rtt(ctx: ToolContext, ip: str, seq: int, ttl: int) -> float:
    key = f"{ctx.now()}|{ip}|{seq}"
    if ttl >= 64:
        return jitter(key, 40, 160) / 1000
    if ttl == 63:
        return jitter(key, 250, 600) / 1000
    return jitter(key, 9000, 25000) / 1000


@program("ping")
def ping(ctx: ToolContext, argv: list[str]) -> int:
    bsd = ctx.machine.pod is None
    values, rest, problem = _options(argv)
    if problem or not rest:
        ctx.err.write(f"ping: {problem}\n" if problem else "ping: usage error: Destination address required\n")
        return 1 if not bsd else 64
    target = rest[0]
    resolution = ctx.machine.resolve(target)
    if not resolution.ok:
        ctx.err.write(f"ping: cannot resolve {target}: Unknown host\n" if bsd else f"ping: bad address '{target}'\n")
        return 68 if bsd else 1
    ip = resolution.addresses[0]
    interrupted = "c" not in values
    count = int(values.get("c", DEFAULT_INTERRUPT_AFTER))
    reply = icmp_echo(ctx.cluster, ctx.machine.source, ip)
    ctx.out.write(f"PING {target} ({ip}): 56 data bytes\n")
    rtts = []
    for seq in range(count):
        if reply is not None:
            rtts.append(_rtt(ctx, ip, seq, reply.ttl))
            label = "icmp_seq" if bsd else "seq"
            ctx.out.write(f"64 bytes from {ip}: {label}={seq} ttl={reply.ttl} time={rtts[-1]:.3f} ms\n")
        elif bsd and seq < count - 1:
            ctx.out.write(f"Request timeout for icmp_seq {seq}\n")
        if seq < count - 1:
            ctx.spend(values.get("i", 1.0))
    if reply is None and not interrupted:
        ctx.spend(values.get("W", 10.0))
    if interrupted:
        ctx.out.write("^C")
    ctx.out.write(_statistics(target, count, rtts, bsd))
    if not rtts:
        return 2 if bsd else 1
    return 0


def _statistics(target: str, sent: int, rtts: list[float], bsd: bool) -> str:
    received = len(rtts)
    loss = (sent - received) * 100 / sent if sent else 0
    loss_text = f"{loss:.1f}%" if bsd else f"{int(loss)}%"
    text = (
        f"\n--- {target} ping statistics ---\n"
        f"{sent} packets transmitted, {received} packets received, {loss_text} packet loss\n"
    )
    if rtts:
        low, high, avg = min(rtts), max(rtts), sum(rtts) / len(rtts)
        if bsd:
            dev = (sum((r - avg) ** 2 for r in rtts) / len(rtts)) ** 0.5
            text += f"round-trip min/avg/max/stddev = {low:.3f}/{avg:.3f}/{high:.3f}/{dev:.3f} ms\n"
        else:
            text += f"round-trip min/avg/max = {low:.3f}/{avg:.3f}/{high:.3f} ms\n"
    return text

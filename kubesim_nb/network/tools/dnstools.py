"""DNS clients: busybox ``nslookup``, BIND's ``nslookup``/``dig``/``host`` (bind-tools 9.20).

The resolver configuration is read from the machine's ``/etc/resolv.conf``
(so an edited file is honoured). Queries go through
:func:`~kubesim_nb.network.dns.query`: CoreDNS answers when a CoreDNS Pod is
ready and running, otherwise the query times out.

- busybox ``nslookup`` (1.36+ algorithm, networking/nslookup.c): a name without a
  dot is sent once per search domain, all A queries then all AAAA queries;
  each reply is printed in send order (the simulator's fixed choice of the
  real, racy arrival order), NXDOMAIN replies as ``** server can't find``,
  a NODATA reply as an empty line; exit 1 if any query failed.
- BIND ``nslookup``: applies the search list (ndots), prints only the final
  lookup, ``Address: 10.96.0.10#53``, then the AAAA lookup; a trailing empty
  line; exit 1 on NXDOMAIN.
- ``dig``: no search list unless ``+search``; ``+short``; full output with
  the HEADER/QUESTION/ANSWER/AUTHORITY sections in BIND's column layout.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..dns import DnsAnswer, DnsRecord, ResolvConf, normalize, query
from .base import ToolContext, jitter, program

__all__ = ["dig", "host", "nslookup"]

DIG_VERSION = "9.20.15"
QTYPES = ("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT", "ANY")


def machine_resolv_conf(ctx: ToolContext) -> ResolvConf:
    """Parse the machine's /etc/resolv.conf (nameservers, search, options)."""
    from ..topology import upstream_dns

    text = ctx.machine.read_file("/etc/resolv.conf")
    if text is None:
        return ResolvConf((upstream_dns(ctx.cluster.profile),))
    nameservers, search, options = [], [], []
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith(("#", ";")):
            continue
        if fields[0] == "nameserver" and len(fields) > 1:
            nameservers.append(fields[1])
        elif fields[0] in ("search", "domain"):
            search = fields[1:]
        elif fields[0] == "options":
            options += fields[1:]
    return ResolvConf(tuple(nameservers), tuple(search), tuple(options))


def reverse_name(ip: str) -> str:
    return ".".join(reversed(ip.split("."))) + ".in-addr.arpa"


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


def _ask(ctx: ToolContext, server: str, name: str, qtype: str) -> DnsAnswer | None:
    return query(ctx.cluster, ctx.machine.source, server, name, qtype)


# ------------------------------------------------------------- busybox
def _busybox_record(record: DnsRecord) -> str:
    owner, data = record.name, record.rdata(final_dot=False)
    if record.rtype in ("A", "AAAA"):
        return f"Name:\t{owner}\nAddress: {data}\n"
    label = {"CNAME": "canonical name", "PTR": "name", "NS": "nameserver", "SRV": "service", "TXT": "text"}.get(
        record.rtype
    )
    return f"{owner}\t{label} = {data}\n" if label else ""


def busybox_nslookup(ctx: ToolContext, argv: list[str]) -> int:
    types, args = [], []
    for arg in argv[1:]:
        if arg.startswith("-") and "=" in arg:
            key, _, value = arg[1:].partition("=")
            if key in ("type", "querytype", "q", "query") and value.upper() in QTYPES:
                types.append(value.upper())
            elif key in ("type", "querytype"):
                ctx.err.write(f'nslookup: invalid query type "{value}"\n')
                return 1
        elif arg.startswith("-"):
            continue
        else:
            args.append(arg)
    if not args or len(args) > 2:
        ctx.err.write(
            "BusyBox v1.37.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n"
            "Query DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n"
        )
        return 1
    name = args[0]
    conf = machine_resolv_conf(ctx)
    servers = [args[1]] if len(args) > 1 else list(conf.nameservers) or ["127.0.0.1"]
    queries = _busybox_queries(name, types, conf)
    for server in servers:
        replies = [(qname, _ask(ctx, server, qname, qtype)) for qname, qtype in queries]
        if all(answer is None for _, answer in replies):
            ctx.spend(5)
            continue
        ctx.spend(0.001 * len(replies))
        return _busybox_print(ctx, server, replies)
    ctx.out.write(";; connection timed out; no servers could be reached\n\n")
    return 1


def _busybox_queries(name: str, types: list[str], conf: ResolvConf) -> list[tuple[str, str]]:
    if not types and _is_ipv4(name):
        return [(reverse_name(name), "PTR")]

    def with_search(qtype: str) -> list[tuple[str, str]]:
        if qtype == "PTR" or not conf.search or "." in name:
            return [(name, qtype)]
        return [(f"{name}.{domain}", qtype) for domain in conf.search]

    return [q for qtype in (types or ["A", "AAAA"]) for q in with_search(qtype)]


def _busybox_print(ctx: ToolContext, server: str, replies: list[tuple[str, DnsAnswer | None]]) -> int:
    ctx.out.write(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n")
    status = 0
    for qname, answer in replies:
        if answer is None:
            continue
        if answer.rcode != "NOERROR":
            ctx.out.write(f"** server can't find {qname}: {answer.rcode}\n\n")
            status = 1
            continue
        text = "" if answer.authoritative else "Non-authoritative answer:\n"
        ctx.out.write(text + "".join(_busybox_record(r) for r in answer.records) + "\n")
    return status


# --------------------------------------------------------------------- BIND
@dataclass
class _Lookup:
    """BIND's dighost search: which names to try for one lookup, in order."""

    name: str
    conf: ResolvConf
    use_search: bool = True

    def names(self) -> list[str]:
        if self.name.endswith("."):
            return [self.name[:-1]]
        as_is_first = self.name.count(".") >= self.conf.ndots or not self.use_search
        searched = [f"{self.name}.{d}" for d in self.conf.search] if self.use_search else []
        return [self.name, *searched] if as_is_first else [*searched, self.name]


def _bind_search(ctx: ToolContext, server: str, lookup: _Lookup, qtype: str) -> tuple[str, DnsAnswer | None]:
    """Try each name until one is not NXDOMAIN; returns the last name tried and its answer."""
    tried, answer = lookup.name, None
    for name in lookup.names():
        tried, answer = name, _ask(ctx, server, name, qtype)
        if answer is None or answer.rcode != "NXDOMAIN":
            break
    return tried, answer


def _bind_record(record: DnsRecord) -> str:
    if record.rtype in ("A", "AAAA"):
        return f"Name:\t{record.name}\nAddress: {record.data}\n"
    if record.rtype == "SOA":
        mname, rname, *numbers = record.rdata().split()
        labels = ("serial", "refresh", "retry", "expire", "minimum")
        return f"{record.name or '.'}\n\torigin = {mname.rstrip('.')}\n\tmail addr = {rname.rstrip('.')}\n" + "".join(
            f"\t{k} = {v}\n" for k, v in zip(labels, numbers)
        )
    label = {
        "CNAME": "canonical name",
        "PTR": "name",
        "NS": "nameserver",
        "SRV": "service",
        "TXT": "text",
        "MX": "mail exchanger",
    }
    return f"{record.name}\t{label.get(record.rtype, record.rtype.lower())} = {record.rdata()}\n"


def _comm_errors(server: str) -> str:
    return f";; communications error to {server}#53: timed out\n" * 3 + ";; no servers could be reached\n"


def bind_nslookup(ctx: ToolContext, argv: list[str]) -> int:
    qtype, args = None, []
    for arg in argv[1:]:
        if arg.startswith("-") and "=" in arg:
            key, _, value = arg[1:].partition("=")
            if key.lower() in ("type", "ty", "querytype", "query", "qu", "q"):
                qtype = value.upper()
        elif not arg.startswith("-"):
            args.append(arg)
    if not args or len(args) > 2:
        ctx.err.write(
            "Usage:\n   nslookup [-opt ...]             # interactive mode using default server\n"
            "   nslookup [-opt ...] - server    # interactive mode using 'server'\n"
            "   nslookup [-opt ...] host        # just look up 'host' using default server\n"
            "   nslookup [-opt ...] host server # just look up 'host' using 'server'\n"
        )
        return 1
    conf, server, name = _target(ctx, args)
    if _is_ipv4(name):
        name, qtype = reverse_name(name) + ".", "PTR"
    tried, answer = _bind_search(ctx, server, _Lookup(name, conf), qtype or "A")
    if answer is None:
        ctx.spend(15)
        ctx.out.write(_comm_errors(server) + "\n")
        return 1
    ctx.spend(0.002)
    ctx.out.write(f"Server:\t\t{server}\nAddress:\t{server}#53\n\n")
    if answer.rcode != "NOERROR":
        ctx.out.write(f"** server can't find {tried.rstrip('.')}: {answer.rcode}\n\n")
        return 1
    if qtype is not None:
        return _bind_typed(ctx, tried, answer)
    if not answer.authoritative:
        ctx.out.write("Non-authoritative answer:\n")
    ctx.out.write("".join(_bind_record(r) for r in answer.records))
    chased = next((r.data for r in reversed(answer.records) if r.rtype == "CNAME"), tried)
    aaaa = _ask(ctx, server, chased, "AAAA")
    if aaaa is not None and aaaa.rcode == "NOERROR":
        ctx.out.write("".join(_bind_record(r) for r in aaaa.records if r.rtype == "AAAA"))
        if not answer.records and not any(r.rtype == "AAAA" for r in aaaa.records):
            ctx.out.write(f"*** Can't find {chased}: No answer\n")
    ctx.out.write("\n")
    return 0


def _bind_typed(ctx: ToolContext, name: str, answer: DnsAnswer) -> int:
    if not answer.authoritative:
        ctx.out.write("Non-authoritative answer:\n")
    if answer.records:
        ctx.out.write("".join(_bind_record(r) for r in answer.records))
    else:
        ctx.out.write(f"*** Can't find {name.rstrip('.')}: No answer\n")
    if not answer.authoritative and answer.qtype not in ("A", "AAAA"):
        ctx.out.write(
            "\nAuthoritative answers can be found from:\n" + "".join(_bind_record(r) for r in answer.authority)
        )
    ctx.out.write("\n")
    return 0


@program("nslookup")
def nslookup(ctx: ToolContext, argv: list[str]) -> int:
    flavor = getattr(ctx.machine, "nslookup_flavor", lambda: "busybox")()
    return bind_nslookup(ctx, argv) if flavor == "bind" else busybox_nslookup(ctx, argv)


def _target(ctx: ToolContext, args: list[str]):
    """``NAME [SERVER]``: the resolver configuration, the server to ask (default: the first nameserver), the name."""
    conf = machine_resolv_conf(ctx)
    server = args[1] if len(args) > 1 else (conf.nameservers or ("127.0.0.1",))[0]
    return conf, server, args[0]


@program("host")
def host(ctx: ToolContext, argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("-")]
    if not args:
        ctx.err.write(
            "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
            "            [-R number] [-m flag] [-p port] hostname [server]\n"
        )
        return 1
    conf, server, name = _target(ctx, args)
    if _is_ipv4(name):
        answer = _ask(ctx, server, reverse_name(name), "PTR")
        if answer is None:
            ctx.out.write(
                ";; communications error to {0}#53: timed out\n;; no servers could be reached\n".format(server)
            )
            return 1
        if answer.rcode != "NOERROR":
            ctx.out.write(f"Host {reverse_name(name)} not found: 3({answer.rcode})\n")
            return 1
        ctx.out.write("".join(f"{r.name} domain name pointer {r.rdata()}\n" for r in answer.records))
        return 0
    tried, answer = _bind_search(ctx, server, _Lookup(name, conf), "A")
    if answer is None:
        ctx.out.write(f";; communications error to {server}#53: timed out\n;; no servers could be reached\n")
        return 1
    if answer.rcode != "NOERROR":
        ctx.out.write(f"Host {name} not found: 3({answer.rcode})\n")
        return 1
    for record in answer.records:
        if record.rtype == "CNAME":
            ctx.out.write(f"{record.name} is an alias for {record.rdata()}\n")
        else:
            ctx.out.write(f"{record.name} has address {record.data}\n")
    return 0


# ---------------------------------------------------------------------- dig
@dataclass
class DigOptions:
    name: str | None = None
    qtype: str | None = None
    server: str | None = None
    short: bool = False
    search: bool = False
    sections: dict = field(
        default_factory=lambda: {
            "cmd": True,
            "comments": True,
            "question": True,
            "answer": True,
            "authority": True,
            "additional": True,
            "stats": True,
        }
    )
    argv: list[str] = field(default_factory=list)


def parse_dig(argv: list[str]) -> DigOptions:
    opts = DigOptions(argv=argv[1:])
    args = iter(argv[1:])
    for arg in args:
        if arg.startswith("@"):
            opts.server = arg[1:]
        elif arg == "-t":
            opts.qtype = next(args, "A").upper()
        elif arg == "-x":
            ip = next(args, "")
            opts.name, opts.qtype = reverse_name(ip) + ".", "PTR"
        elif arg.startswith("+"):
            _dig_plus(opts, arg[1:])
        elif arg.upper() in QTYPES and opts.name is not None:
            opts.qtype = arg.upper()
        elif not arg.startswith("-"):
            opts.name = arg
    return opts


def _dig_plus(opts: DigOptions, option: str) -> None:
    negate = option.startswith("no")
    name = option[2:] if negate else option
    if name == "short":
        opts.short = not negate
    elif name == "search":
        opts.search = not negate
    elif name == "all":
        for key in opts.sections:
            opts.sections[key] = not negate
    elif name in opts.sections:
        opts.sections[name] = not negate


class _Columns:
    """BIND masterdump's column layout: indent() with 8-wide tabs, at least one space."""

    def __init__(self) -> None:
        self.text, self.column = "", 0

    def add(self, text: str) -> "_Columns":
        self.text += text
        self.column += len(text)
        return self

    def indent(self, to: int) -> "_Columns":
        start = self.column
        to = max(to, start + 1)
        tabs = to // 8 - start // 8
        if tabs > 0:
            self.text += "\t" * tabs
            start = (to // 8) * 8
        self.text += " " * (to - start)
        self.column = to
        return self


def _owner(name: str) -> str:
    return name + "." if name else "."


def dig_line(record: DnsRecord) -> str:
    cols = _Columns().add(_owner(record.name)).indent(24).add(str(record.ttl)).indent(32).add("IN").indent(40)
    return cols.add(record.rtype).indent(48).add(record.rdata()).text


def question_line(name: str, qtype: str) -> str:
    return ";" + _Columns().add(_owner(name)).indent(32).add("IN").indent(40).add(qtype).text


def wire_size(answer: DnsAnswer) -> int:
    """The size of the reply on the wire (header, question, records with name compression, OPT with a cookie)."""
    offsets: dict[str, int] = {}
    size = 12

    def name_len(name: str, at: int) -> int:
        labels = [label for label in name.split(".") if label]
        for i in range(len(labels)):
            suffix = ".".join(labels[i:])
            if suffix in offsets:
                return sum(len(label) + 1 for label in labels[:i]) + 2
            if at < 0x3FFF:
                offsets[suffix] = at
            at += len(labels[i]) + 1
        return sum(len(label) + 1 for label in labels) + 1

    size += name_len(answer.qname, size) + 4
    for record in (*answer.records, *answer.authority, *answer.additional):
        size += name_len(record.name, size) + 10
        rdata = {
            "A": lambda: 4,
            "AAAA": lambda: 16,
            "TXT": lambda: len(record.data) + 1,
            "SRV": lambda: 6 + len(record.data.split()[3]) + 2,
            "SOA": lambda: name_len(record.data.split()[0], size) + name_len(record.data.split()[1], size) + 20,
        }
        size += rdata.get(record.rtype, lambda: name_len(record.data, size))()
    return size + 11 + 12  # OPT pseudo-record with the echoed 8-byte client cookie


@program("dig")
def dig(ctx: ToolContext, argv: list[str]) -> int:
    opts = parse_dig(argv)
    conf = machine_resolv_conf(ctx)
    server = opts.server or (conf.nameservers or ("127.0.0.1",))[0]
    name = opts.name if opts.name is not None else "."
    qtype = opts.qtype or ("NS" if opts.name is None else "A")
    header = f"\n; <<>> DiG {DIG_VERSION} <<>> {' '.join(opts.argv)}\n;; global options: +cmd\n"
    if name == ".":
        tried, answer = "", _ask(ctx, server, ".", qtype)
    else:
        tried, answer = _bind_search(ctx, server, _Lookup(name, conf, use_search=opts.search), qtype)
    if answer is None:
        ctx.spend(15)
        ctx.out.write((header if not opts.short else "") + _comm_errors(server))
        return 9
    elapsed = 1 if answer.authoritative else 12
    ctx.spend(elapsed / 1000)
    if opts.short:
        ctx.out.write("".join(r.rdata() + "\n" for r in answer.records))
        return 0
    ctx.out.write(header + _dig_body(ctx, normalize(tried), qtype, answer, server, elapsed))
    return 0


def _dig_body(ctx: ToolContext, name: str, qtype: str, answer: DnsAnswer, server: str, elapsed: int) -> str:
    seed = f"{ctx.now()}|{name}|{qtype}"
    flags = "qr aa rd" if answer.authoritative else "qr rd ra"
    cookie = f"{jitter(seed + 'a', 0, 0xFFFFFFFF):08x}{jitter(seed + 'b', 0, 0xFFFFFFFF):08x}"
    lines = [
        ";; Got answer:",
        f";; ->>HEADER<<- opcode: QUERY, status: {answer.rcode}, id: {jitter(seed, 0, 65535)}",
        f";; flags: {flags}; QUERY: 1, ANSWER: {len(answer.records)}, AUTHORITY: {len(answer.authority)}, "
        f"ADDITIONAL: {len(answer.additional) + 1}",
    ]
    if answer.authoritative:
        lines.append(";; WARNING: recursion requested but not available")
    lines += [
        "",
        ";; OPT PSEUDOSECTION:",
        "; EDNS: version: 0, flags:; udp: 1232",
        f"; COOKIE: {cookie} (echoed)",
        ";; QUESTION SECTION:",
        question_line(name, qtype),
        "",
    ]
    for title, records in (
        ("ANSWER", answer.records),
        ("AUTHORITY", answer.authority),
        ("ADDITIONAL", answer.additional),
    ):
        if records:
            lines += [f";; {title} SECTION:", *(dig_line(r) for r in records), ""]
    when = datetime.fromtimestamp(ctx.now(), tz=timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
    message_size = wire_size(
        DnsAnswer(name, qtype, answer.rcode, answer.records, answer.authoritative, answer.authority, answer.additional)
    )
    lines += [
        f";; Query time: {elapsed} msec",
        f";; SERVER: {server}#53({server}) (UDP)",
        f";; WHEN: {when}",
        f";; MSG SIZE  rcvd: {message_size}",
        "",
        "",
    ]
    return "\n".join(lines)

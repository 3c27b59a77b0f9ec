"""Client programs inside Pods and on the laptop (curl, busybox nslookup, ...): byte-faithful output and exit codes."""

from __future__ import annotations

import re

import pytest

from kubesim_nb.api.core import Pod, Service
from kubesim_nb.network import HostShell, PodShell, exec_command

from .conftest import client_pod, pods_of, service


@pytest.fixture
def shell(web) -> PodShell:
    return PodShell(web, "default", "test-pod")


def ip_of(cluster, name: str = "web-service") -> str:
    return cluster.store.get(Service, "default", name).spec.cluster_ip


def run(shell: PodShell, line: str):
    return shell.run_line(line)


# ----------------------------------------------------------------------- curl
def test_curl_is_missing_on_alpine_until_installed(shell):
    result = run(shell, "curl http://web-service")
    assert (result.stdout, result.stderr, result.exit_code) == ("", "sh: curl: not found\n", 127)


def test_curl_refused_message(web, shell):
    web.api.create(service("backend-service", {"app": "api"}, port=80, target=5000))
    web.advance(2)
    run(shell, "apk add curl")
    result = run(shell, "curl http://backend-service")
    assert result.exit_code == 7 and result.stdout == ""
    assert result.stderr.startswith("curl: (7) Failed to connect to backend-service port 80 after ")
    assert result.stderr.endswith(" ms: Couldn't connect to server\n")


def test_curl_errors_and_exit_codes(web, shell):
    run(shell, "apk add curl")
    assert run(shell, "curl http://nosuch").stderr == "curl: (6) Could not resolve host: nosuch\n"
    assert run(shell, "curl -s http://nosuch").stderr == ""
    assert run(shell, "curl -sS http://nosuch").exit_code == 6
    timed = run(shell, "curl --connect-timeout 5 http://web-service:8080")
    assert timed.exit_code == 28 and "after 500" in timed.stderr and timed.stderr.endswith(": Timeout was reached\n")
    assert run(shell, "curl -f http://web-service/nope").stderr == "curl: (22) The requested URL returned error: 404\n"
    assert run(shell, "curl -s -o /dev/null -w '%{http_code}' http://web-service/nope").stdout == "404"
    assert run(shell, "curl --bogus http://x").exit_code == 2


def test_curl_writes_out_after_a_failure_too(web, shell):
    """curl writes ``-w`` for a failed transfer as well, after its error line: ``000`` when no response came."""
    run(shell, "apk add curl")
    failed = run(shell, "curl -sS -w '%{http_code} %{exitcode} %{errormsg}\\n' http://nosuch")
    assert (failed.stdout, failed.exit_code) == ("000 6 Could not resolve host: nosuch\n", 6)
    assert failed.stderr == "curl: (6) Could not resolve host: nosuch\n"
    refused = run(shell, "curl -sf -o /dev/null -w '%{http_code}' http://web-service/nope")
    assert (refused.stdout, refused.exit_code) == ("404", 22)


def test_curl_timeout_spends_simulated_time_not_real_time(web, shell):
    run(shell, "apk add curl")
    before = web.clock.seconds()
    result = run(shell, "curl -m 3 http://web-service:81")
    assert result.exit_code == 28 and 3.0 <= web.clock.seconds() - before < 3.1


def test_curl_head_shows_nginx_headers_with_crlf(shell):
    run(shell, "apk add curl")
    result = run(shell, "curl -I http://web-service")
    lines = result.stdout.split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK" and lines[1] == "Server: nginx/1.29.3"
    assert lines[2].startswith("Date: Mon, 05 Oct 2026 ") and "Content-Length: 615" in lines
    assert result.stdout.endswith("\r\n\r\n") and result.stderr == ""


def test_curl_verbose_trace(web, shell):
    run(shell, "apk add curl")
    ip = ip_of(web)
    err = run(shell, "curl -sv http://web-service").stderr
    assert err.startswith(
        f"* Host web-service:80 was resolved.\n* IPv6: (none)\n* IPv4: {ip}\n*   Trying {ip}:80...\n"
        f"* Connected to web-service ({ip}) port 80\n* using HTTP/1.x\n> GET / HTTP/1.1\r\n> Host: web-service\r\n"
        "> User-Agent: curl/8.14.1\r\n> Accept: */*\r\n> \r\n* Request completely sent off\n< HTTP/1.1 200 OK\r\n"
    )
    assert err.endswith("< \r\n* Connection #0 to host web-service left intact\n")


def test_curl_progress_meter_when_output_is_not_a_terminal(shell):
    run(shell, "apk add curl")
    piped = run(shell, "curl http://web-service | head -1")
    assert piped.stdout == "<!DOCTYPE html>\n"
    assert piped.stderr.startswith("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n")
    assert "\r100   615  100   615    0     0" in piped.stderr
    assert run(shell, "curl http://web-service").stderr == ""  # body to the terminal: no meter


def test_curl_output_file_and_include(shell):
    run(shell, "apk add curl")
    assert run(shell, "curl -s -o /tmp/page.html http://web-service").stdout == ""
    assert run(shell, "grep -c nginx /tmp/page.html").stdout == "6\n"
    assert run(shell, "curl -si http://web-service").stdout.startswith("HTTP/1.1 200 OK\r\nServer: nginx/")


def test_nginx_debian_has_no_curl_but_nginx_alpine_does(web):
    web.api.create(client_pod("deb", image="nginx"))
    web.advance(10)
    result = exec_command(web, "default", "deb", ["sh", "-c", "curl http://web-service"])
    assert result.stderr == "sh: 1: curl: not found\n" and result.exit_code == 127
    nginx_alpine = pods_of(web, "web")[0]
    ok = exec_command(web, "default", nginx_alpine.name, ["curl", "-s", "http://web-service"])
    assert ok.exit_code == 0 and "<title>Welcome to nginx!</title>" in ok.stdout


# ----------------------------------------------------------------------- wget
def test_busybox_wget_messages(who):
    shell = PodShell(who, "default", "bb")
    ip = ip_of(who, "who")
    ok = run(shell, "wget -O- http://who")
    assert ok.stderr.startswith(f"Connecting to who ({ip}:80)\nwriting to stdout\n")
    assert ok.stderr.endswith("written to stdout\n") and ok.stdout.startswith("Hostname: whoami-")
    assert run(shell, "wget -qO- http://nosuch").stderr == "wget: bad address 'nosuch'\n"
    who.api.create(service("empty", {"app": "none"}))
    who.advance(1)
    refused = run(shell, "wget -q http://empty")
    assert refused.stderr == f"wget: can't connect to remote host ({ip_of(who, 'empty')}): Connection refused\n"
    assert refused.exit_code == 1
    assert run(shell, "wget -q -T 2 http://who:81").stderr == "wget: download timed out\n"
    assert run(shell, "wget -q http://who/missing").stderr == "wget: server returned error: HTTP/1.1 404 Not Found\n"
    assert (
        run(shell, "wget -q http://who && wget -q http://who").stderr == "wget: can't open 'index.html': File exists\n"
    )


# --------------------------------------------------------------------- nslookup
def test_busybox_nslookup_short_name_byte_for_byte(web, shell):
    ip = ip_of(web)
    result = run(shell, "nslookup web-service")
    assert result.stdout == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        f"Name:\tweb-service.default.svc.cluster.local\nAddress: {ip}\n\n"
        "** server can't find web-service.svc.cluster.local: NXDOMAIN\n\n"
        "** server can't find web-service.cluster.local: NXDOMAIN\n\n"
        "\n"
        "** server can't find web-service.svc.cluster.local: NXDOMAIN\n\n"
        "** server can't find web-service.cluster.local: NXDOMAIN\n\n"
    )
    assert result.exit_code == 1  # kubectl exec adds "command terminated with exit code 1"


def test_busybox_nslookup_fqdn_and_dotted_names(web, shell):
    ip = ip_of(web)
    fqdn = run(shell, "nslookup web-service.default.svc.cluster.local")
    assert fqdn.exit_code == 0
    assert fqdn.stdout == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        f"Name:\tweb-service.default.svc.cluster.local\nAddress: {ip}\n\n\n"
    )
    dotted = run(shell, "nslookup web-service.default")  # busybox does not search names with a dot
    assert dotted.exit_code == 1 and dotted.stdout.count("** server can't find web-service.default: NXDOMAIN") == 2
    missing = run(shell, "nslookup nosuch.default.svc.cluster.local")
    assert "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n" in missing.stdout


def test_bind_nslookup_after_apk_add_bind_tools(web, shell):
    ip = ip_of(web)
    assert run(shell, "apk add bind-tools").exit_code == 0
    result = run(shell, "nslookup web-service")
    assert result.stdout == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        f"Name:\tweb-service.default.svc.cluster.local\nAddress: {ip}\n\n"
    )
    assert result.exit_code == 0
    missing = run(shell, "nslookup nosuch")
    assert missing.stdout.endswith("** server can't find nosuch: NXDOMAIN\n\n") and missing.exit_code == 1


def test_dig(web, shell):
    run(shell, "apk add bind-tools")
    ip = ip_of(web)
    assert run(shell, "dig +short web-service.default.svc.cluster.local").stdout == f"{ip}\n"
    assert run(shell, "dig +short web-service").stdout == ""  # dig does not use the search list
    assert run(shell, "dig +search +short web-service").stdout == f"{ip}\n"
    full = run(shell, "dig web-service.default.svc.cluster.local").stdout
    assert full.startswith("\n; <<>> DiG 9.20.15 <<>> web-service.default.svc.cluster.local\n;; global options: +cmd\n")
    assert ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n" in full
    assert f";; ANSWER SECTION:\nweb-service.default.svc.cluster.local. 30 IN A\t{ip}\n" in full
    assert (
        ";web-service.default.svc.cluster.local. IN A\n" in full
        and ";; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n" in full
    )
    assert ";example.com.\t\t\tIN\tA\n" in run(shell, "dig example.com").stdout


def test_dns_tools_when_coredns_is_down(web, shell):
    from kubesim_nb.api.apps import Deployment

    coredns = web.store.get(Deployment, "kube-system", "coredns").copy()
    coredns.spec.replicas = 0
    web.api.update(coredns)
    web.advance(40)
    result = run(shell, "nslookup web-service")
    assert result.stdout == ";; connection timed out; no servers could be reached\n\n" and result.exit_code == 1
    apk = run(shell, "apk add curl")
    assert (
        "WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.22/main: temporary error (try again later)\n"
        in apk.stderr
    )
    assert apk.stderr.endswith("  curl (no such package):\n    required by: world[curl]\n") and apk.exit_code == 1


# ------------------------------------------------------------------------ ping
def test_ping_cluster_ip_and_pod_ip(web, shell):
    ip = ip_of(web)
    lost = run(shell, "ping -c 3 web-service")
    assert lost.stdout == (
        f"PING web-service ({ip}): 56 data bytes\n\n--- web-service ping statistics ---\n"
        "3 packets transmitted, 0 packets received, 100% packet loss\n"
    )
    assert lost.exit_code == 1
    pod_ip = pods_of(web, "web")[0].ip
    ok = run(shell, f"ping -c 2 {pod_ip}")
    assert ok.exit_code == 0 and ok.stdout.count(f"64 bytes from {pod_ip}: seq=") == 2
    assert "2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = " in ok.stdout


# ------------------------------------------------------------------------- apk
def test_apk_add_curl_output(shell):
    result = run(shell, "apk add curl")
    assert result.stdout.splitlines()[:3] == [
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/main/x86_64/APKINDEX.tar.gz",
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/community/x86_64/APKINDEX.tar.gz",
        "(1/9) Installing brotli-libs (1.1.0-r2)",
    ]
    assert result.stdout.endswith(
        "(9/9) Installing curl (8.14.1-r2)\nExecuting busybox-1.37.0-r19.trigger\nOK: 12 MiB in 25 packages\n"
    )
    again = run(shell, "apk add curl")
    assert again.stdout == "OK: 12 MiB in 25 packages\n"  # index cached, nothing to install


def test_apk_unknown_package_fails_the_whole_command(shell):
    result = run(shell, "apk add curl dnsutils")
    assert (
        result.stderr
        == "ERROR: unable to select packages:\n  dnsutils (no such package):\n    required by: world[dnsutils]\n"
    )
    assert result.exit_code == 1
    assert run(shell, "which curl").exit_code == 1


def test_busybox_image_has_wget_and_nslookup_but_no_curl_or_apk(who):
    shell = PodShell(who, "default", "bb")
    assert run(shell, "apk add curl").stderr == "sh: apk: not found\n"
    assert run(shell, "which wget nslookup").stdout == "/usr/bin/wget\n/usr/bin/nslookup\n"


# ------------------------------------------------------------------- laptop
def test_host_shell_node_port_and_cluster_ip(web):
    host = HostShell(web)
    assert host.run_line("curl http://web-service").stderr == "curl: (6) Could not resolve host: web-service\n"
    before = web.clock.seconds()
    result = host.run_line(f"curl http://{ip_of(web)}")
    assert result.exit_code == 28
    assert re.fullmatch(
        rf"curl: \(28\) Failed to connect to {ip_of(web)} port 80 after 750\d\d ms: Couldn't connect to server\n",
        result.stderr,
    )
    assert web.clock.seconds() - before >= 75
    limited = host.run_line(f"curl --max-time 5 http://{ip_of(web)}")
    assert limited.stderr.startswith(f"curl: (28) Failed to connect to {ip_of(web)} port 80 after 500")
    assert host.run_line("nslookup web-service").stdout == (
        "Server:\t\t192.168.1.1\nAddress:\t192.168.1.1#53\n\n** server can't find web-service: NXDOMAIN\n\n"
    )
    assert host.run_line("foo").stderr == "zsh: command not found: foo\n"


def test_container_logs_show_which_pod_served(web, shell):
    from kubesim_nb.network.logs import container_logs

    run(shell, "apk add curl")
    for _ in range(6):
        run(shell, "curl -s http://web-service")
    pod_ip = web.store.get(Pod, "default", "test-pod").ip
    served = 0
    for pod in pods_of(web, "web"):
        lines = container_logs(web, pod, pod.spec.containers[0])
        assert (
            lines[0]
            == "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        )
        access = [line for line in lines if line.startswith(pod_ip)]
        served += len(access)
        assert all(line.endswith('"GET / HTTP/1.1" 200 615 "-" "curl/8.14.1" "-"') for line in access)
    assert served == 6

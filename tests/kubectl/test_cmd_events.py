"""Events as kubectl shows them: ``describe``'s Events block, ``get events`` and ``kubectl events``.

The layouts were checked against the real kubectl v1.37 reading the same Events from a stub API
server (``kubectl events`` byte for byte, including the order ``sort.Sort`` leaves equal times in).
"""

from __future__ import annotations

import pytest
import yaml
from kubectl_cmd_support import FakeTerminal, ok, table

from kubesim_nb import Cluster
from kubesim_nb.kubectl import run_kubectl

PULL_ERROR = (
    'Failed to pull image "ngnix": failed to pull and unpack image "ngnix:latest": failed to resolve reference '
    '"ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: '
    "insufficient_scope: authorization failed"
)
PULLED = 'Successfully pulled image "nginx:alpine" in 4.818s (4.818s including waiting). Image size: 22618461 bytes.'


@pytest.fixture
def pods() -> Cluster:
    """30 s after ``kubectl run web --image=nginx:alpine`` and ``kubectl run bad --image=ngnix``."""
    cluster = Cluster(seed=1, think_time=0)
    ok(cluster, "run web --image=nginx:alpine")
    ok(cluster, "run bad --image=ngnix")
    cluster.advance(30)
    return cluster


def test_describe_pod_lists_its_events_with_the_container_they_are_about(pods):
    text = ok(pods, "describe pod web")
    assert text.endswith(
        "Tolerations:                  <none>\n"
        "Events:\n"
        "  Type    Reason     Age   From               Message\n"
        "  ----    ------     ----  ----               -------\n"
        "  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to docker-desktop\n"
        '  Normal  Pulling    29s   kubelet            spec.containers{web}: Pulling image "nginx:alpine"\n'
        f"  Normal  Pulled     24s   kubelet            spec.containers{{web}}: {PULLED}\n"
        "  Normal  Created    24s   kubelet            spec.containers{web}: Created container: web\n"
        "  Normal  Started    24s   kubelet            spec.containers{web}: Started container web\n"
    )
    assert ok(pods, "describe pod web --show-events=false") == text.split("Events:")[0]
    repeated = ok(pods, "describe pod bad").split("Events:\n")[1]
    bad = "kubelet            spec.containers{bad}:"
    assert repeated.splitlines()[2:] == [
        "  Normal   Scheduled  30s                default-scheduler  Successfully assigned default/bad to "
        "docker-desktop",
        f'  Normal   Pulling    19s (x2 over 29s)  {bad} Pulling image "ngnix"',
        f"  Warning  Failed     17s (x2 over 27s)  {bad} {PULL_ERROR}",
        f"  Warning  Failed     17s (x2 over 27s)  {bad} Error: ErrImagePull",
        f'  Normal   BackOff    2s (x3 over 22s)   {bad} Back-off pulling image "ngnix"',
        f"  Warning  Failed     2s (x3 over 22s)   {bad} Error: ImagePullBackOff",
    ]


def test_get_events_lists_them_in_the_servers_order(pods):
    bad = [
        ["30s", "Normal", "Scheduled", "pod/bad", "Successfully assigned default/bad to docker-desktop"],
        ["19s", "Normal", "Pulling", "pod/bad", 'Pulling image "ngnix"'],
        ["17s", "Warning", "Failed", "pod/bad", PULL_ERROR],
        ["17s", "Warning", "Failed", "pod/bad", "Error: ErrImagePull"],
        ["2s", "Normal", "BackOff", "pod/bad", 'Back-off pulling image "ngnix"'],
        ["2s", "Warning", "Failed", "pod/bad", "Error: ImagePullBackOff"],
    ]
    web = [
        ["30s", "Normal", "Scheduled", "pod/web", "Successfully assigned default/web to docker-desktop"],
        ["29s", "Normal", "Pulling", "pod/web", 'Pulling image "nginx:alpine"'],
        ["24s", "Normal", "Pulled", "pod/web", PULLED],
        ["24s", "Normal", "Created", "pod/web", "Created container: web"],
        ["24s", "Normal", "Started", "pod/web", "Started container web"],
    ]
    header = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert ok(pods, "get events") == table(header, *bad, *web)
    warnings = [["default", *row] for row in bad if row[1] == "Warning"]
    assert ok(pods, "get ev -A --field-selector type=Warning") == table(["NAMESPACE", *header], *warnings)
    assert ok(pods, "get events --field-selector involvedObject.name=web,reason=Pulled") == table(header, web[2])
    # a table with no NAME column is never prefixed with its kind
    assert ok(pods, "get pods,events").endswith("\n\n" + table(header, *bad, *web))


def test_get_events_wide_shows_where_they_come_from(pods):
    rows = ok(pods, "get events -o wide --field-selector involvedObject.name=bad").splitlines()
    assert rows[0].split() == "LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME".split()
    scheduled, pulling = rows[1].split(), rows[2].split()
    assert scheduled[4:6] == ["default-scheduler,", "default-scheduler-docker-desktop"]
    assert scheduled[-3:] == ["30s", "1", "bad.18db968adef2a000"]
    assert pulling[4:7] == ["spec.containers{bad}", "kubelet,", "docker-desktop"]
    assert pulling[-3:] == ["29s", "2", "bad.18db968b1a8d6a00"]


def test_field_selectors_are_those_the_server_supports(pods):
    result = pods.kubectl("get pods --field-selector reason=Failed")
    assert result.exit_code == 1
    assert result.stderr.endswith('field selector "reason=Failed": field label not supported: reason\n')
    result = pods.kubectl("get events --field-selector status.phase=Running")
    assert result.stderr.endswith("field label not supported: status.phase\n")


def test_kubectl_events_sorts_by_last_seen_and_summarises_repeats(pods):
    header = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert ok(pods, "events") == table(
        header,
        ["30s", "Normal", "Scheduled", "Pod/bad", "Successfully assigned default/bad to docker-desktop"],
        ["30s", "Normal", "Scheduled", "Pod/web", "Successfully assigned default/web to docker-desktop"],
        ["29s", "Normal", "Pulling", "Pod/web", 'Pulling image "nginx:alpine"'],
        ["24s", "Normal", "Pulled", "Pod/web", PULLED],
        ["24s", "Normal", "Created", "Pod/web", "Created container: web"],
        ["24s", "Normal", "Started", "Pod/web", "Started container web"],
        ["19s (x2 over 29s)", "Normal", "Pulling", "Pod/bad", 'Pulling image "ngnix"'],
        ["17s (x2 over 27s)", "Warning", "Failed", "Pod/bad", PULL_ERROR],
        ["17s (x2 over 27s)", "Warning", "Failed", "Pod/bad", "Error: ErrImagePull"],
        ["2s (x3 over 22s)", "Normal", "BackOff", "Pod/bad", 'Back-off pulling image "ngnix"'],
        ["2s (x3 over 22s)", "Warning", "Failed", "Pod/bad", "Error: ImagePullBackOff"],
    )
    assert ok(pods, "events --for pod/bad --types=warning --no-headers") == table(
        ["17s (x2 over 27s)", "Warning", "Failed", "Pod/bad", PULL_ERROR],
        ["17s (x2 over 27s)", "Warning", "Failed", "Pod/bad", "Error: ErrImagePull"],
        ["2s (x3 over 22s)", "Warning", "Failed", "Pod/bad", "Error: ImagePullBackOff"],
    )
    assert ok(pods, "events -A --for po/web").startswith("NAMESPACE   LAST SEEN   TYPE     REASON      OBJECT    ")


def test_kubectl_events_output_formats(pods):
    listing = yaml.safe_load(ok(pods, "events --for pod/web -o yaml"))
    assert (listing["kind"], listing["apiVersion"], listing["metadata"]) == ("EventList", "v1", {})
    scheduled = listing["items"][0]
    assert scheduled["reportingComponent"] == "default-scheduler" and scheduled["source"] == {}
    assert scheduled["firstTimestamp"] is None and scheduled["eventTime"] == "2026-10-05T09:00:00.000000Z"
    assert listing["items"][1]["eventTime"] is None and listing["items"][1]["count"] == 1
    assert ok(pods, "events -o json --for pod/web").startswith('{\n    "kind": "EventList",\n    "apiVersion": "v1",\n')
    # the name printer refuses the typed list kubectl builds, and kubectl ignores the error
    assert ok(pods, "events -o name") == ""


def test_kubectl_events_errors_and_empty_namespaces(pods):
    for command, message in (
        ("events --for web", "error: --for must be in resource/name form\n"),
        ("events --for pod/a/b", "error: arguments in resource/name form may not have more than one slash\n"),
        ("events --types=Error", "error: valid --types are Normal or Warning\n"),
        ("events --for nope/x", 'error: the server doesn\'t have a resource type "nope"\n'),
    ):
        result = pods.kubectl(command)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message), command
    result = pods.kubectl("events -n kube-system")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No events found in kube-system namespace.\n")
    assert pods.kubectl("events -A --for pod/nope").stderr == "No events found.\n"


def test_kubectl_events_watch_prints_what_happens_as_it_happens(pods):
    out = ok(pods, "events --for pod/bad --types=Normal -w --request-timeout=15s").splitlines()
    assert out[:2] == [
        "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE",
        "30s         Normal   Scheduled   Pod/bad   Successfully assigned default/bad to docker-desktop",
    ]
    # the list first (server order), then each write during the watch, its age as of then
    assert out[-1].split()[:7] == ["0s", "(x4", "over", "30s)", "Normal", "BackOff", "Pod/bad"]


def test_kubectl_events_watch_in_a_terminal_runs_until_ctrl_c_and_shows_other_commands(pods):
    terminal = FakeTerminal(pods, ["", "delete pod web --wait=false", ""])
    result = run_kubectl(pods, "events --for pod/web -w", terminal=terminal)
    assert (result.exit_code, result.stderr, terminal.pauses) == (130, "", [1.0] * 4)  # Ctrl-C: quietly
    rows = result.stdout.splitlines()
    assert [row.split()[2] for row in rows[1:]] == ["Scheduled", "Pulling", "Pulled", "Created", "Started", "Killing"]
    assert rows[-1] == "0s          Normal   Killing     Pod/web   Stopping container web"


def test_kubectl_events_watch_prints_each_event_as_a_typed_object(pods):
    out = ok(pods, "events --for pod/bad --types=Warning -w -o yaml --request-timeout=1s")
    documents = list(yaml.safe_load_all(out))  # one printer for the watch: '---' between its objects
    assert [(d["kind"], d["type"], d["message"]) for d in documents] == [
        ("Event", "Warning", PULL_ERROR),
        ("Event", "Warning", "Error: ErrImagePull"),
        ("Event", "Warning", "Error: ImagePullBackOff"),
    ]
    assert ok(pods, "events --for pod/bad -w -o json --request-timeout=1s").startswith('{\n    "kind": "Event",\n')


def test_an_event_written_by_hand_is_validated_as_the_api_server_does(still):
    event = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "hello"},
        "involvedObject": {"kind": "Pod", "name": "web", "namespace": "other"},
        "reason": "Hello",
        "message": "hi there",
        "type": "Normal",
    }
    result = still.kubectl("create -f -", stdin=yaml.safe_dump(event))
    assert result.stderr == (
        'The Event "hello" is invalid: involvedObject.namespace: Invalid value: "other": '
        "does not match event.namespace\n"
    )
    event["involvedObject"]["namespace"] = "default"
    assert ok(still, "create -f -", stdin=yaml.safe_dump(event)) == "event/hello created\n"
    assert ok(still, "get events") == table(
        ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], ["<unknown>", "Normal", "Hello", "pod/web", "hi there"]
    )
    still.advance(3601)  # the event TTL counts from its creation when it says nothing else
    assert still.kubectl("get events").stderr == "No resources found in default namespace.\n"


def test_get_events_watch_keeps_to_the_field_selector(pods):
    rows = ok(pods, "get events -w --field-selector involvedObject.name=bad,type=Normal --request-timeout=15s")
    objects = {line.split()[3] for line in rows.splitlines()[1:]}
    reasons = [line.split()[2] for line in rows.splitlines()[1:]]
    assert objects == {"pod/bad"} and reasons[-1] == "BackOff" and "Failed" not in reasons

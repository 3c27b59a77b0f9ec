"""kubectl's rendering of the domain errors (kubesim_nb/kubectl/errors.py, cmdutil.CheckErr)."""

from __future__ import annotations

from kubesim_nb.api.field import FieldError
from kubesim_nb.errors import ApiError, KubeSimError, StateFileError, UsageError
from kubesim_nb.kubectl.errors import add_source_to_err, check_err, error_message

REQUIRED_NAME = FieldError.required("metadata.name", "name or generateName is required")
BAD_PORT = FieldError.invalid("spec.ports[0].port", 0, "must be between 1 and 65535, inclusive")


def test_one_error_as_check_err_prints_it():
    assert error_message(UsageError("bad flag")) == "error: bad flag"
    assert error_message(UsageError("bad flag", hint="See 'kubectl get -h'")) == "error: bad flag\nSee 'kubectl get -h'"
    assert error_message(StateFileError("locked")) == "error: locked"
    assert error_message(KubeSimError("error: lost connection to pod")) == "error: lost connection to pod"
    not_found = ApiError.not_found("services", "web")
    assert error_message(not_found) == 'Error from server (NotFound): services "web" not found'


def test_invalid_lists_its_causes():
    one = ApiError.invalid("Service", "web", [BAD_PORT])
    assert error_message(one) == 'The Service "web" is invalid: ' + BAD_PORT.render()
    several = ApiError.invalid("Deployment.apps", "web", [REQUIRED_NAME, BAD_PORT])
    assert error_message(several) == (
        f'The Deployment "web" is invalid: \n* {REQUIRED_NAME.render()}\n* {BAD_PORT.render()}'
    )


def test_an_aggregate_prints_status_lines_and_bare_messages():
    invalid = ApiError.invalid("Service", "web", [BAD_PORT])
    lines = check_err([UsageError("unknown kind", hint="ignored in an aggregate"), invalid])
    assert lines == ["unknown kind", f"Error from server (Invalid): {invalid.message}"]
    assert check_err([UsageError("alone")]) == ["error: alone"]
    assert check_err([]) == []


def test_a_server_error_names_its_source():
    sourced = add_source_to_err("creating", "web.yaml", ApiError.already_exists("services", "web"))
    assert error_message(sourced) == (
        'Error from server (AlreadyExists): error when creating "web.yaml": services "web" already exists'
    )
    client = UsageError("no matches for kind")
    assert add_source_to_err("creating", "web.yaml", client) is client
    invalid = add_source_to_err("creating", "web.yaml", ApiError.invalid("Service", "web", [BAD_PORT]))
    assert error_message(invalid) == 'The Service "web" is invalid: ' + BAD_PORT.render()

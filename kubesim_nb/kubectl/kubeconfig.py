"""The kubeconfig: which files kubectl reads, what it makes of them, and how it writes a change back.

Mirrors ``k8s.io/client-go/tools/clientcmd``:

- the loading rules (``loader.go`` ``ClientConfigLoadingRules``, ``config.go`` ``PathOptions``): ``--kubeconfig``
  alone, else every file of ``$KUBECONFIG`` merged (the first file to name a cluster, user or context wins, and the
  first to set ``current-context``), else ``$HOME/.kube/config``;
- ``ModifyConfig`` (``config.go``): a changed stanza is written back to the file it came from, a new one to the
  default file, and only when something changed;
- the file format (``api/v1/types.go``, field order and ``omitempty``) and its conversion from and to the merged
  form (stanzas by name; written lists are sorted by name);
- ``api/helpers.go`` ``MinifyConfig``, ``ShortenConfig``/``RedactSecrets`` and ``FlattenConfig`` for
  ``kubectl config view``;
- the client's first use of it (``client_config.go``): the namespace of the current context, and the errors when
  the context kubectl is asked for does not exist.

The simulated laptop: when a front end gives kubectl no environment (the notebooks, the ``kubesim`` command),
kubectl runs on the learner's simulated laptop, whose ``$HOME/.kube/config`` is the runtime's ``kubeconfig``
text, saved with the cluster. Until kubectl first writes it, it is what Docker Desktop or kind writes there for the
profile's cluster: one cluster, one user and one context, all named after the profile (``docker-desktop``,
``kind-kind``), with no namespace (so ``default``). Any other path is a real file.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

from ..errors import KubeSimError, UsageError
from ..network.machine import HostProfile
from ..profiles import Profile
from .manifests import ManifestError, read_yaml
from .output import to_yaml

__all__ = [
    "ConfigurationInvalid",
    "Kubeconfig",
    "KubeconfigFiles",
    "Stanza",
    "client_namespace",
    "flatten",
    "kubeconfig_files",
    "parse_kubeconfig",
    "profile_kubeconfig",
    "stanza_fields",
]

SECTIONS = ("clusters", "users", "contexts")
STANZA_KEY = {"clusters": "cluster", "users": "user", "contexts": "context"}  # NamedCluster.cluster, ...
# each stanza's fields in api/v1/types.go order; the ones without omitempty are always written
FIELDS = {
    "clusters": (
        "server",
        "tls-server-name",
        "insecure-skip-tls-verify",
        "certificate-authority",
        "certificate-authority-data",
        "proxy-url",
        "disable-compression",
        "extensions",
    ),
    "users": (
        "client-certificate",
        "client-certificate-data",
        "client-key",
        "client-key-data",
        "token",
        "tokenFile",
        "as",
        "as-uid",
        "as-groups",
        "as-user-extra",
        "username",
        "password",
        "auth-provider",
        "exec",
        "extensions",
    ),
    "contexts": ("cluster", "user", "namespace", "extensions"),
}
ALWAYS_WRITTEN = {"clusters": ("server",), "users": (), "contexts": ("cluster", "user")}
BOOL_FIELDS = {"clusters": ("insecure-skip-tls-verify", "disable-compression"), "users": (), "contexts": ()}
GO_TYPE = {"clusters": "Cluster", "users": "AuthInfo", "contexts": "Context"}
# ShortenConfig: certificate and key data print as DATA+OMITTED; RedactSecrets: the datapolicy fields as REDACTED
OMITTED_DATA = {"clusters": ("certificate-authority-data",), "users": ("client-certificate-data", "client-key-data")}
REDACTED_SECRETS = ("token", "password")
# FlattenConfig: a file path field and the data field its content moves into
FLATTENED = {
    "clusters": (("certificate-authority", "certificate-authority-data"),),
    "users": (("client-certificate", "client-certificate-data"), ("client-key", "client-key-data")),
}
SCHEME = "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"
JSON_TYPE = {list: "array", str: "string", int: "number", float: "number", bool: "bool"}


class ConfigurationInvalid(KubeSimError):
    """``errConfigurationInvalid``: kubectl prints it as ``Error in configuration: <reason>``."""

    def __init__(self, reason: str):
        super().__init__(f"Error in configuration: {reason}")


class KubeconfigRuntime(Protocol):
    """What the simulated laptop's kubeconfig needs of the cluster: the profile, and the file's text."""

    profile: Profile
    kubeconfig: str | None  # None until kubectl first writes it


@dataclass
class Stanza:
    """One named cluster, user or context: its fields (in api/v1 field order) and the file it came from."""

    fields: dict[str, Any]
    origin: str = ""  # LocationOfOrigin


@dataclass
class Kubeconfig:
    """``clientcmdapi.Config``: the merged form, stanzas by name."""

    clusters: dict[str, Stanza] = field(default_factory=dict)
    users: dict[str, Stanza] = field(default_factory=dict)
    contexts: dict[str, Stanza] = field(default_factory=dict)
    current_context: str = ""
    preferences: dict = field(default_factory=dict)
    extensions: list = field(default_factory=list)

    def section(self, name: str) -> dict[str, Stanza]:
        return getattr(self, name)

    def to_v1(self) -> dict:
        """The file format (``latest.Scheme.ConvertToVersion``): field order of ``v1.Config``, lists sorted by name,
        an empty list as ``null``."""
        data: dict[str, Any] = {"kind": "Config", "apiVersion": "v1"}
        if self.preferences:
            data["preferences"] = self.preferences
        for section in SECTIONS:
            stanzas, key = self.section(section), STANZA_KEY[section]
            data[section] = [{"name": n, key: stanzas[n].fields} for n in sorted(stanzas)] or None
        data["current-context"] = self.current_context
        if self.extensions:
            data["extensions"] = self.extensions
        return data

    def minify(self) -> None:
        """``MinifyConfig``: only the current context, its cluster and its user."""
        if not self.current_context:
            raise UsageError("current-context must exist in order to minify")
        context = self.contexts.get(self.current_context)
        if context is None:
            raise UsageError(f"cannot locate context {self.current_context}")
        kept: dict[str, dict[str, Stanza]] = {"contexts": {self.current_context: context}}
        for section, key in (("clusters", "cluster"), ("users", "user")):  # the context's fields naming them
            name = context.fields.get(key, "")
            kept[section] = {}
            if name:
                if name not in self.section(section):
                    raise UsageError(f"cannot locate {key} {name}")
                kept[section][name] = self.section(section)[name]
        self.clusters, self.users, self.contexts = kept["clusters"], kept["users"], kept["contexts"]

    def redact(self) -> None:
        """``RedactSecrets`` then ``ShortenConfig``: what ``kubectl config view`` hides without ``--raw``."""
        for section, names in OMITTED_DATA.items():
            for stanza in self.section(section).values():
                for name in names:
                    if stanza.fields.get(name):
                        stanza.fields[name] = "DATA+OMITTED"
        for stanza in self.users.values():
            for name in REDACTED_SECRETS:
                if stanza.fields.get(name):
                    stanza.fields[name] = "REDACTED"


@dataclass
class KubeconfigFiles:
    """``clientcmd.PathOptions``: where the kubeconfig is read from and written to."""

    explicit: str  # --kubeconfig, "" when not given
    env_files: list[str]  # $KUBECONFIG's files
    global_file: str  # $HOME/.kube/config
    runtime: KubeconfigRuntime
    laptop_file: str | None  # the simulated laptop's own file (kept in the runtime), if this is the laptop
    cwd: str | None

    @property
    def is_explicit(self) -> bool:
        return bool(self.explicit)

    def precedence(self) -> list[str]:
        if self.explicit:
            return [self.explicit]
        return self.env_files or [self.global_file]

    def default_filename(self) -> str:
        """``GetDefaultFilename``: where a new stanza goes (the first existing file of $KUBECONFIG, else its last)."""
        if self.explicit:
            return self.explicit
        if self.env_files:
            if len(self.env_files) == 1:
                return self.env_files[0]
            return next((f for f in self.env_files if self.read(f) is not None), self.env_files[-1])
        return self.global_file

    # ------------------------------------------------------------------ files
    def _path(self, name: str) -> str:
        return name if os.path.isabs(name) or self.cwd is None else os.path.join(self.cwd, name)

    def read(self, name: str) -> str | None:
        """A file's text; None if it does not exist."""
        if name == self.laptop_file:
            return self.runtime.kubeconfig if self.runtime.kubeconfig is not None else profile_kubeconfig(self.runtime)
        try:
            with open(self._path(name), encoding="utf-8") as handle:
                return handle.read()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as err:
            raise UsageError(f"open {name}: {err.strerror.lower() if err.strerror else err}") from None

    def write(self, name: str, config: Kubeconfig) -> None:
        """``WriteToFile``: the whole file in the v1 format."""
        text = to_yaml(config.to_v1())
        if name == self.laptop_file:
            self.runtime.kubeconfig = text
            return
        path = self._path(name)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(path, 0o600)

    def load_file(self, name: str) -> Kubeconfig | None:
        """``LoadFromFile``: None if the file does not exist."""
        text = self.read(name)
        if text is None:
            return None
        try:
            return parse_kubeconfig(text, name)
        except UsageError as err:
            raise UsageError(f'error loading config file "{name}": {err.message}') from None

    # ---------------------------------------------------------------- loading
    def load(self) -> Kubeconfig:
        """``ClientConfigLoadingRules.Load``: the files merged; a missing --kubeconfig file is an error, a missing
        file of the chain is skipped, and files that cannot be read are all reported."""
        if self.explicit and self.read(self.explicit) is None:
            raise UsageError(f"stat {self.explicit}: no such file or directory")
        configs, problems = [], []
        for name in self.precedence():
            if not name:
                continue
            try:
                config = self.load_file(name)
            except UsageError as err:
                problems.append(err.message)
                continue
            if config is not None:
                configs.append(config)
        if problems:
            # utilerrors.NewAggregate: one message alone, several in brackets
            raise UsageError(problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]")
        return merge(configs)

    def starting_config(self) -> Kubeconfig:
        """``GetStartingConfig``: as :meth:`load`, but a missing --kubeconfig file is an empty kubeconfig."""
        if self.explicit and self.read(self.explicit) is None:
            return Kubeconfig()
        return self.load()

    # ---------------------------------------------------------------- writing
    def modify(self, new: Kubeconfig) -> None:
        """``ModifyConfig``: write what changed between the starting kubeconfig and ``new`` to the files it
        belongs to (relative paths in stanzas are left as they are)."""
        start = self.starting_config()
        if start == new:
            return
        if start.current_context != new.current_context:
            self._write_current_context(new.current_context)
        for section in SECTIONS:
            before, after = start.section(section), new.section(section)
            for name, stanza in after.items():
                if before.get(name) != stanza:
                    self._edit(stanza.origin or self.default_filename(), section, name, stanza)
            for name, stanza in before.items():
                if name not in after:
                    self._edit(stanza.origin or self.default_filename(), section, name, None)

    def _edit(self, filename: str, section: str, name: str, stanza: Stanza | None) -> None:
        config = self.load_file(filename) or Kubeconfig()
        if stanza is None:
            config.section(section).pop(name, None)
        else:
            config.section(section)[name] = Stanza(stanza.fields, filename)
        self.write(filename, config)

    def _write_current_context(self, name: str) -> None:
        """``writeCurrentContext``: into the explicit file, else the default file, and an emptied current-context
        into the first file that sets one."""
        if self.explicit or name:
            target = self.explicit or self.default_filename()
        else:
            target = next(
                (f for f in self.precedence() if (c := self.load_file(f)) is not None and c.current_context), ""
            )
            if not target:
                raise UsageError("no config found to write context")
        config = self.load_file(target) or Kubeconfig()
        config.current_context = name
        self.write(target, config)


def kubeconfig_files(
    explicit: str | None, env: Mapping[str, str] | None, cwd: str | None, runtime: KubeconfigRuntime
) -> KubeconfigFiles:
    """The loading rules of a kubectl started with ``env`` (None: on the simulated laptop)."""
    env = env or {}
    laptop_home = HostProfile.for_cluster(runtime).home
    home = env.get("HOME") or laptop_home
    global_file = f"{home}/.kube/config"
    # filepath.SplitList, then deduplicated keeping the first of each
    env_files = list(dict.fromkeys(env["KUBECONFIG"].split(os.pathsep))) if env.get("KUBECONFIG") else []
    laptop_file = global_file if home == laptop_home else None
    return KubeconfigFiles(explicit or "", env_files, global_file, runtime, laptop_file, cwd)


def merge(configs: list[Kubeconfig]) -> Kubeconfig:
    """Several files as one: the first file to name a stanza wins, and the first to set current-context."""
    merged = Kubeconfig()
    for config in reversed(configs):
        for section in SECTIONS:
            merged.section(section).update(config.section(section))
        merged.current_context = config.current_context or merged.current_context
        merged.preferences = config.preferences or merged.preferences
        merged.extensions = config.extensions or merged.extensions
    return merged


def parse_kubeconfig(text: str, origin: str) -> Kubeconfig:
    """``clientcmd.Load``: a kubeconfig file's text (empty text is an empty kubeconfig)."""
    data = _read_yaml(text)
    if data is None:
        return Kubeconfig()
    if not isinstance(data, dict):
        raise UsageError(
            f"couldn't get version/kind; json parse error: json: cannot unmarshal {JSON_TYPE.get(type(data), 'value')}"
            ' into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
            'Kind string "json:\\"kind,omitempty\\"" }'
        )
    version, kind = data.get("apiVersion") or "v1", data.get("kind") or "Config"
    if (version, kind) != ("v1", "Config"):
        raise UsageError(f'no kind "{kind}" is registered for version "{version}" in scheme "{SCHEME}"')
    config = Kubeconfig(
        current_context=str(data.get("current-context") or ""),
        preferences=data.get("preferences") or {},
        extensions=data.get("extensions") or [],
    )
    for section in SECTIONS:
        key = STANZA_KEY[section]
        for entry in data.get(section) or []:
            if isinstance(entry, dict):
                name = str(entry.get("name") or "")
                config.section(section)[name] = Stanza(stanza_fields(section, entry.get(key) or {}), origin)
    return config


@functools.lru_cache(maxsize=16)
def _read_yaml(text: str) -> Any:
    """A kubeconfig's YAML, parsed once per text (every command reads the laptop's): read-only, parse_kubeconfig
    copies what it keeps."""
    try:
        return read_yaml(text)
    except ManifestError as err:
        raise UsageError(err.message) from None


def stanza_fields(section: str, raw: dict) -> dict[str, Any]:
    """The fields Go's decoder keeps (unknown ones are dropped), in v1 order, zero values left out but for the
    fields written always."""
    fields = {}
    for name in FIELDS[section]:
        value = raw.get(name)
        if name in BOOL_FIELDS[section] and value is not None and not isinstance(value, bool):
            raise UsageError(
                f"json: cannot unmarshal {JSON_TYPE.get(type(value), 'value')} into Go struct field "
                f"{GO_TYPE[section]}.{section}.{STANZA_KEY[section]}.{name} of type bool"
            )
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value or name in ALWAYS_WRITTEN[section]:
            fields[name] = value if value is not None else ""
    return fields


def flatten(config: Kubeconfig, files: KubeconfigFiles) -> None:
    """``FlattenConfig``: certificate and key files, read relative to the file that named them, become data."""
    for section, pairs in FLATTENED.items():
        for stanza in config.section(section).values():
            for path_field, data_field in pairs:
                path = stanza.fields.get(path_field)
                if not path:
                    continue
                if stanza.fields.get(data_field):
                    raise UsageError("cannot have values for both path and contents")
                base = os.path.dirname(files._path(stanza.origin)) if stanza.origin else files.cwd or ""
                full = path if os.path.isabs(path) else os.path.join(base, path)
                try:
                    with open(full, "rb") as handle:
                        content = handle.read()
                except OSError:
                    raise UsageError(f"open {full}: no such file or directory") from None
                del stanza.fields[path_field]
                stanza.fields[data_field] = base64.b64encode(content).decode()


def client_namespace(files: KubeconfigFiles, context: str | None, namespace: str | None, rest_first: bool) -> str:
    """The namespace a command works in when ``-n`` is not given: the context's, else ``default``
    (``DirectClientConfig.Namespace``), after kubectl's first check of the kubeconfig.

    A context that does not exist fails as the command's ``Complete`` meets it first: asking for the namespace
    (``ConfirmUsable``: ``Error in configuration: context was not found for specified context: x``), or, with
    ``-n`` given or a command that builds its REST client first, ``getContext`` (``context "x" does not exist``).
    """
    config = files.load()
    name = context or config.current_context
    if name and name not in config.contexts:
        if rest_first or namespace:
            raise UsageError(f'context "{name}" does not exist')
        raise ConfigurationInvalid(f"context was not found for specified context: {name}")
    if namespace:
        return namespace
    return (config.contexts[name].fields.get("namespace") if name else "") or "default"


def profile_kubeconfig(runtime: KubeconfigRuntime) -> str:
    """What Docker Desktop or kind writes into ``~/.kube/config`` for the profile's cluster."""
    return _written_for(runtime.profile.context_name, runtime.profile.api_server_url)


@functools.lru_cache(maxsize=None)
def _written_for(name: str, server: str) -> str:
    """The kubeconfig for a cluster ``name`` at ``server``; the certificate data are stand-ins (the same for every
    cluster of that name), which ``kubectl config view`` shows as DATA+OMITTED anyway."""

    def pem(kind: str) -> str:
        digest = b"".join(hashlib.sha256(f"{name}/{kind}/{i}".encode()).digest() for i in range(24))
        body = base64.b64encode(digest).decode()
        lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
        return base64.b64encode(f"-----BEGIN {kind}-----\n{lines}\n-----END {kind}-----\n".encode()).decode()

    config = Kubeconfig(
        clusters={name: Stanza({"server": server, "certificate-authority-data": pem("CERTIFICATE")})},
        users={
            name: Stanza({"client-certificate-data": pem("CERTIFICATE"), "client-key-data": pem("RSA PRIVATE KEY")})
        },
        contexts={name: Stanza({"cluster": name, "user": name})},
        current_context=name,
    )
    return to_yaml(config.to_v1())

"""``kubectl create cronjob NAME --image=... --schedule=...``: a CronJob (``pkg/cmd/create/create_cronjob.go``).
No controller runs it in the simulator (see :mod:`kubesim_nb.api.batch`)."""

from __future__ import annotations

from ...api.batch import CronJob, CronJobSpec, JobSpec, JobTemplateSpec
from ...api.core import Container, PodSpec, PodTemplateSpec
from ...api.meta import ObjectMeta
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

FLAGS = [
    *generator_flags(),
    Flag("image", usage="Image name to run.", required=True),
    Flag("restart", usage="job's restart policy. supported values: OnFailure, Never"),
    Flag("schedule", usage="A schedule in the Cron format the job should be run with.", required=True),
]

HELP = """Create a cron job with the specified name."""

EXAMPLES = """  # Create a cron job
  kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *"

  # Create a cron job with a command
  kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *" -- date"""

USAGE = "kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]"


def run(inv: Invocation) -> int:
    name = one_name(inv, "create cronjob")
    check_generator_flags(inv)
    container = Container(name=name, image=inv.flag("image"), command=list(inv.args.rest) or None)
    restart = inv.flag("restart") or "OnFailure"
    pod_template = PodTemplateSpec(spec=PodSpec(containers=[container], restart_policy=restart))
    job_template = JobTemplateSpec(metadata=ObjectMeta(name=name), spec=JobSpec(template=pod_template))
    spec = CronJobSpec(schedule=inv.flag("schedule"), job_template=job_template)
    cron_job = CronJob(metadata=ObjectMeta(name=name, namespace=generated_namespace(inv)), spec=spec)
    return create_built(inv, cron_job, "failed to create cronjob: ")


COMMAND = Command(
    "create cronjob",
    "Create a cron job with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("cj",),
    kubeconfig_use="rest",
)

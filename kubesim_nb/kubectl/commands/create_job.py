"""``kubectl create job NAME --image=... [-- COMMAND]`` or ``--from=cronjob/NAME``: a Job
(``pkg/cmd/create/create_job.go``). No controller runs it in the simulator (see :mod:`kubesim_nb.api.batch`)."""

from __future__ import annotations

from ...api.batch import CronJob, Job, JobSpec
from ...api.codec import clone
from ...api.core import Container, PodSpec, PodTemplateSpec
from ...api.meta import ObjectMeta, OwnerReference
from ...errors import UsageError
from ..base import Command, Invocation
from ..builder import select_objects
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

FLAGS = [
    Flag("from", usage="The name of the resource to create a Job from (only CronJob is supported)."),
    *generator_flags(),
    Flag("image", usage="Image name to run."),
]

HELP = """Create a job with the specified name."""

EXAMPLES = """  # Create a job
  kubectl create job my-job --image=busybox

  # Create a job with a command
  kubectl create job my-job --image=busybox -- date

  # Create a job from a cron job named "a-cronjob"
  kubectl create job test-job --from=cronjob/a-cronjob"""

USAGE = "kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]"

# createJobFromCronJob: marks a Job started by hand from a CronJob
INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate"


def _from_image(inv: Invocation, name: str) -> Job:
    container = Container(name=name, image=inv.flag("image"), command=list(inv.args.rest) or None)
    template = PodTemplateSpec(spec=PodSpec(containers=[container], restart_policy="Never"))
    return Job(metadata=ObjectMeta(name=name, namespace=generated_namespace(inv)), spec=JobSpec(template=template))


def _from_cron_job(inv: Invocation, name: str) -> Job:
    """``createJobFromCronJob``: the CronJob's Job template, owned by the CronJob."""
    objects, missing = select_objects(inv, [inv.flag("from")])
    if missing:
        raise missing[0]
    if len(objects) != 1:
        raise UsageError("from must be an existing cronjob")
    cron_job = objects[0]
    if not isinstance(cron_job, CronJob):
        raise UsageError(f"unknown object type *v1.{type(cron_job).KIND}")
    template = clone(cron_job.spec.job_template)
    meta = template.metadata or ObjectMeta()
    uid = cron_job.metadata.uid
    owner = OwnerReference(
        api_version=CronJob.API_VERSION, kind=CronJob.KIND, name=cron_job.name, uid=uid, controller=True
    )
    metadata = ObjectMeta(
        name=name,
        namespace=generated_namespace(inv),
        annotations={INSTANTIATE_ANNOTATION: "manual", **(meta.annotations or {})},
        labels=meta.labels,
        owner_references=[owner],
    )
    return Job(metadata=metadata, spec=template.spec)


def run(inv: Invocation) -> int:
    name = one_name(inv, "create job")
    check_generator_flags(inv)
    image, source = inv.flag("image"), inv.flag("from")
    if bool(image) == bool(source):
        raise UsageError("either --image or --from must be specified")
    if inv.args.rest and source:
        raise UsageError("cannot specify --from and command")
    job = _from_image(inv, name) if image else _from_cron_job(inv, name)
    return create_built(inv, job, "failed to create job: ")


COMMAND = Command(
    "create job",
    "Create a job with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)

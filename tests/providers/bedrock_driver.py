"""Drive a :class:`BedrockProvider` against a moto server (for the shared contract suite).

moto never moves a job on by itself, so :meth:`BedrockDriver.finish` edits the
job in moto's in-process backend and writes the metric CSVs Bedrock would
write. The test process must have dummy AWS credentials in its environment
(see ``bedrock_fixtures.aws_env``).
"""

from __future__ import annotations

import math
import urllib.request
from datetime import datetime, timedelta
from typing import Any

import boto3
from moto.bedrock.models import bedrock_backends
from moto.core import DEFAULT_ACCOUNT_ID

from ftui.providers.bedrock_provider import BedrockProvider
from ftui.providers.profiles import Profile
from ftui.providers.records import JobSpec, RemoteFile

BUCKET = "ftui-test-bucket"
ROLE_ARN = "arn:aws:iam::123456789012:role/ftui-bedrock-test"
BASE_MODEL = "amazon.nova-micro-v1:0:128k"
_MOTO_TIME = "%Y-%m-%d %H:%M:%S"
TRAIN_STEPS = 10
"""Rows in the training CSV :meth:`BedrockDriver.finish` writes (steps 0–9)."""


class BedrockDriver:
    """A Bedrock provider on moto, plus the controls moto lacks."""

    def __init__(self, endpoint_url: str, region: str = "us-east-1") -> None:
        self.endpoint_url = endpoint_url
        """The moto server's base URL."""
        self.region = region
        """The region the provider and bucket use."""
        self.profile = Profile(
            name="bedrock-test",
            kind="bedrock",
            options={"region": region, "bucket": BUCKET, "role_arn": ROLE_ARN, "endpoint_url": endpoint_url},
        )
        """The profile the provider was built from."""
        self.provider = BedrockProvider(self.profile)
        """The provider under test."""
        self.s3: Any = boto3.client("s3", region_name=region, endpoint_url=endpoint_url)
        """A plain S3 client on the same moto server (for seeding and checking)."""
        self._create_bucket()

    def _create_bucket(self) -> None:
        """Create the test bucket (with a location constraint outside us-east-1)."""
        extra: dict[str, Any] = {}
        if self.region != "us-east-1":
            extra["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        self.s3.create_bucket(Bucket=BUCKET, **extra)

    def spec(self, training: RemoteFile, validation: RemoteFile | None, suffix: str) -> JobSpec:
        """A valid Nova Micro job spec for the uploaded files.

        Also spreads the existing jobs' creation times one second apart, so the
        job created next is strictly the newest (moto keeps whole seconds and
        breaks ties oldest-first; real Bedrock keeps milliseconds).
        """
        self._spread_creation_times()
        return JobSpec(
            base_model=BASE_MODEL,
            training_file=training.id,
            validation_file=validation.id if validation else None,
            hyperparameters={"epochCount": 2, "learningRate": 1e-5},
            suffix=suffix,
            metadata={"purpose": "ftui-tests"},
        )

    def _spread_creation_times(self) -> None:
        """Rewrite moto's job creation times: creation order, one second apart, all in the past."""
        jobs = list(bedrock_backends[DEFAULT_ACCOUNT_ID][self.region].model_customization_jobs.values())
        start = datetime.now() - timedelta(seconds=len(jobs) + 1)
        for i, job in enumerate(jobs):
            job.creation_time = (start + timedelta(seconds=i)).strftime(_MOTO_TIME)

    def moto_job(self, job_id: str) -> Any:
        """moto's own record of a job (mutable)."""
        return bedrock_backends[DEFAULT_ACCOUNT_ID][self.region].model_customization_jobs[job_id]

    def finish(self, job_id: str, outcome: str) -> None:
        """End a job as ``succeeded`` (with metric CSVs in S3), ``failed`` or ``stopped``."""
        job = self.moto_job(job_id)
        job.last_modified_time = job.end_time = datetime.now().strftime(_MOTO_TIME)
        if outcome == "succeeded":
            job.status = "Completed"
            job.training_metrics = {"trainingLoss": 0.25}
            job.validation_metrics = [{"validationLoss": 0.4}]
            self._write_metrics(job)
        elif outcome == "failed":
            job.status = "Failed"
            job.failure_message = "Data validation failed: line 3 of the training file is not valid JSON."
        elif outcome in ("stopped", "cancelled"):
            job.status = "Stopped"
        else:
            raise ValueError(f"unknown outcome {outcome!r}")

    def _write_metrics(self, job: Any) -> None:
        """Write the CSVs Bedrock writes at the end of a job, under the job's output folder."""
        bucket, _, prefix = job.output_data_config["s3Uri"][5:].partition("/")
        folder = f"{prefix.rstrip('/')}/model-customization-job-{job.job_arn.split('/')[-1]}/".lstrip("/")
        rows = ["step_number,epoch_number,training_loss,perplexity"]
        for step in range(TRAIN_STEPS):
            loss = round(2.0 * 0.8**step + 0.2, 4)
            rows.append(f"{step},{step * 2 // TRAIN_STEPS},{loss},{round(math.exp(loss), 4)}")
        training = "\n".join(rows) + "\n"
        validation = "step_number,epoch_number,validation_loss,perplexity\n4,0,0.9,2.4596\n9,1,0.4,1.4918\n"
        self.s3.put_object(
            Bucket=bucket, Key=folder + "training_artifacts/step_wise_training_metrics.csv", Body=training.encode()
        )
        # The longer of the two validation sub-paths seen in the wild (the provider searches by suffix).
        self.s3.put_object(
            Bucket=bucket,
            Key=folder + "validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv",
            Body=validation.encode(),
        )

    def reset(self) -> None:
        """Clear all moto state and recreate the bucket."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
        self._create_bucket()

    def close(self) -> None:
        """Close the provider's and the driver's clients."""
        self.provider.close()
        self.s3.close()

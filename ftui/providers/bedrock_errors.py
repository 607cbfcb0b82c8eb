"""Bedrock and S3 errors as ftui errors: what happened and what to do, never a secret.

Split from :mod:`ftui.providers.bedrock_provider` (which re-exports :func:`translate_error`).
"""

from __future__ import annotations

from typing import Any

from boto3.exceptions import S3UploadFailedError
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
    TokenRetrievalError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from ftui.providers.errors import (
    AuthError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
    UnavailableError,
)
from ftui.providers.profiles import Profile

_AUTH = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidAccessKeyId",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "IncompleteSignature",
    "RequestExpired",
    "InvalidToken",
    "AuthFailure",
}
_DENIED = {"AccessDeniedException", "AccessDenied", "AllAccessDisabled", "UnauthorizedOperation", "403"}
_NOT_FOUND = {"ResourceNotFoundException", "NoSuchBucket", "NoSuchKey", "NotFound", "404"}
_THROTTLED = {
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "TooManyRequests",
    "SlowDown",
    "RequestLimitExceeded",
}
_UNAVAILABLE = {
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "InternalServerException",
    "InternalServerError",
    "InternalError",
    "InternalFailure",
}
_INVALID = {
    "ValidationException",
    "ConflictException",
    "ResourceInUseException",
    "ServiceQuotaExceededException",
    "TooManyTagsException",
}


def translate_error(error: Exception, profile: Profile) -> ProviderError:
    """The ftui error for a boto3/botocore exception: what happened and what to do (no secrets)."""
    if isinstance(error, S3UploadFailedError) and isinstance(error.__context__, (ClientError, BotoCoreError)):
        error = error.__context__
    where: dict[str, Any] = {"provider": profile.name}
    if isinstance(error, (NoCredentialsError, PartialCredentialsError, CredentialRetrievalError, TokenRetrievalError)):
        return AuthError(
            f"No usable AWS credentials ({type(error).__name__}). Configure them with `aws configure` or "
            "`aws sso login`, set AWS_PROFILE, or name a profile in this ftui profile's aws_profile option.",
            **where,
        )
    if isinstance(error, ParamValidationError):
        return InvalidRequestError(f"The request was malformed: {error}", **where)
    if isinstance(error, (BotoConnectionError, HTTPClientError)):
        return UnavailableError(
            f"Could not reach AWS ({error}). Check your network connection, the region "
            f"({profile.get('region') or 'from your AWS config'}) and the endpoint_url option.",
            **where,
        )
    if not isinstance(error, ClientError):
        return ProviderError(f"AWS SDK error: {error}", **where)
    info = error.response.get("Error", {})
    code = str(info.get("Code") or "")
    message = str(info.get("Message") or code).rstrip(". ")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    op = error.operation_name
    where = {"provider": profile.name, "status": status}
    if code in _AUTH:
        return AuthError(
            f"AWS did not accept the credentials ({code}). Refresh them (`aws sso login`, `aws configure`) "
            "or check the aws_profile option.",
            **where,
        )
    if code in _DENIED or status == 403:
        hint = ""
        if "PassRole" in message or op == "CreateModelCustomizationJob":
            hint = (
                f" Starting a job also needs iam:PassRole on {profile.get('role_arn') or 'the role_arn'}, "
                "and that role must trust bedrock.amazonaws.com and read/write the bucket."
            )
        return PermissionDeniedError(f"AWS refused {op}: {message}.{hint} Ask your AWS admin for access.", **where)
    if code in _NOT_FOUND or status == 404:
        return NotFoundError(f"{message} ({op}). Check the name and the profile's region and bucket.", **where)
    if code in _THROTTLED or status == 429:
        return RateLimitError(f"AWS is throttling requests ({code}). Wait a moment and try again.", **where)
    if code in _UNAVAILABLE or (status or 0) >= 500:
        return UnavailableError(f"AWS failed on {op} ({code or status}). Try again later.", **where)
    if code in ("ConflictException", "ResourceInUseException") and op == "CreateModelCustomizationJob":
        message += ". A job or model with that name exists; pick another suffix"
    if code in _INVALID or status == 400:
        return InvalidRequestError(f"AWS refused {op}: {message}.", **where)
    return ProviderError(f"AWS error on {op} ({code or status}): {message}", **where)

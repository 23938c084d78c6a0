"""The errors the reference service answers with: Cognito's error codes and message texts."""
from __future__ import annotations


class ServiceError(Exception):
    """A Cognito error response: ``code`` is the error type, ``status`` the HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


USER_NOT_FOUND = "User does not exist."
USERNAME_CLIENT_NOT_FOUND = "Username/client id combination not found."
INCORRECT_CREDENTIALS = "Incorrect username or password."
USER_DISABLED = "User is disabled."
# The text public reports quote for a temporary password past its validity (stackoverflow q/51109154).
TEMPORARY_PASSWORD_EXPIRED = "User account has expired, it must be reset by an administrator."
CANNOT_RESET_IN_STATE = "User password cannot be reset in the current state."
ADMIN_ONLY_RECOVERY = "Contact administrator to reset password."
NO_RECOVERY_CHANNEL = (
    "Cannot reset password for the user as there is no registered/verified email or phone_number"
)
CODE_MISMATCH = "Invalid verification code provided, please try again."
CODE_EXPIRED = "Invalid code provided, please request a code again."
POLICY_PREFIX = "Password does not conform to policy: "
SIGN_UP_POLICY_PREFIX = "Password did not conform with policy: "  # SignUp's own wording
INVALID_ACCESS_TOKEN = "Invalid Access Token"
ACCESS_TOKEN_EXPIRED = "Access Token has expired"
ACCESS_TOKEN_REVOKED = "Access Token has been revoked"
INVALID_REFRESH_TOKEN = "Invalid Refresh Token"
REFRESH_TOKEN_REVOKED = "Refresh Token has been revoked"
PASSWORD_FLOW_DISABLED = "USER_PASSWORD_AUTH flow not enabled for this client"
REFRESH_FLOW_DISABLED = "REFRESH_TOKEN_AUTH flow not enabled for this client"
INVALID_SESSION = "Invalid session for the user."
SESSION_EXPIRED = "Invalid session for the user, session is expired."


def invalid_parameter(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message)


def not_authorized(message: str) -> ServiceError:
    return ServiceError("NotAuthorizedException", message)


def user_not_found(message: str = USER_NOT_FOUND) -> ServiceError:
    return ServiceError("UserNotFoundException", message)


def invalid_password(reason: str) -> ServiceError:
    return ServiceError("InvalidPasswordException", POLICY_PREFIX + reason)


ATTEMPT_LIMIT_EXCEEDED = "Attempt limit exceeded, please try after some time."


def limit_exceeded() -> ServiceError:
    return ServiceError("LimitExceededException", ATTEMPT_LIMIT_EXCEEDED)


PASSWORD_RESET_REQUIRED = "Password reset required for the user"


def password_reset_required() -> ServiceError:
    return ServiceError("PasswordResetRequiredException", PASSWORD_RESET_REQUIRED)


# The type is Cognito's (the API model lists it where a password is set); the wording is the reference's own.
PASSWORD_PREVIOUSLY_USED = "The password has been used before; choose one that is not among your recent passwords."


def password_history_violation() -> ServiceError:
    return ServiceError("PasswordHistoryPolicyViolationException", PASSWORD_PREVIOUSLY_USED)


def feature_unavailable_in_tier(feature: str, tier: str) -> ServiceError:
    return ServiceError("FeatureUnavailableInTierException",
                        f"{feature} is not available in the {tier} feature plan; choose ESSENTIALS or PLUS.")


def code_mismatch() -> ServiceError:
    return ServiceError("CodeMismatchException", CODE_MISMATCH)


def code_expired() -> ServiceError:
    return ServiceError("ExpiredCodeException", CODE_EXPIRED)


def pool_not_found(pool_id: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"User pool {pool_id} does not exist.")


def client_not_found(client_id: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException", f"User pool client {client_id} does not exist."
    )


def validation_error(field: str, violations: list[str]) -> ServiceError:
    """Model-constraint violations of one request field, in the words of AWS request validation."""
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    details = "; ".join(
        f"Value at '{field}' failed to satisfy constraint: {violation}" for violation in violations
    )
    return invalid_parameter(f"{count} validation {noun} detected: {details}")


def missing_parameter(name: str) -> ServiceError:
    return invalid_parameter(
        f"1 validation error detected: Value null at '{name}' failed to satisfy constraint: "
        "Member must not be null"
    )


def unknown_operation(operation: str) -> ServiceError:
    return ServiceError(
        "InvalidAction",
        f"The reference target does not implement the operation {operation!r}.",
    )

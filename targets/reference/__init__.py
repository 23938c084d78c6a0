"""The suite's own in-process implementation of the Cognito user-pool subset it exercises."""
from .errors import ServiceError
from .service import UserPoolService
from .target import ReferenceTarget

__all__ = ["ReferenceTarget", "ServiceError", "UserPoolService"]

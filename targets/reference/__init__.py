"""The suite's own in-process implementation of the Cognito user-pool subset it exercises."""
from .errors import ServiceError
from .service import UserPoolService
from .target import ReferenceHttpTarget, ReferenceTarget

__all__ = ["ReferenceHttpTarget", "ReferenceTarget", "ServiceError", "UserPoolService"]

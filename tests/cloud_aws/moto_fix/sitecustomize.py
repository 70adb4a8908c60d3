# Loaded by moto_server when the tests put this folder on PYTHONPATH.
#
# With INITIAL_NO_AUTH_ACTION_COUNT, moto verifies SigV4 signatures by rebuilding the request
# from werkzeug's *decoded* URL, so a correctly signed request whose query holds an encoded
# '/' (prefix=backups%2F) or whose path holds encoded UTF-8 fails to verify, with any client
# (getmoto/moto issue 5948; the AWS CLI fails the same way). This makes moto verify against the
# request target exactly as it was sent, which is what AWS does. Nothing else changes: a wrong
# key or signature is still rejected.
from urllib.parse import urlparse

from moto.core import authorization, responses

_setup_class = responses.BaseResponse.setup_class
_authenticate = authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action


def _setup_class_keeping_raw_uri(self, request, full_url, headers, *args, **kwargs):
    _setup_class(self, request, full_url, headers, *args, **kwargs)
    raw = getattr(request, "environ", {}).get("RAW_URI")
    if raw and raw.startswith("/"):
        parsed = urlparse(full_url)
        self._ark_sent_uri = f"{parsed.scheme}://{parsed.netloc}{raw}"


def _authenticate_against_sent_uri(self, iam_request_cls, resource="*"):
    sent = getattr(self, "_ark_sent_uri", None)
    if sent is None:
        return _authenticate(self, iam_request_cls, resource)
    decoded = self.uri
    self.uri = sent
    try:
        return _authenticate(self, iam_request_cls, resource)
    finally:
        self.uri = decoded


responses.BaseResponse.setup_class = _setup_class_keeping_raw_uri
authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate_against_sent_uri

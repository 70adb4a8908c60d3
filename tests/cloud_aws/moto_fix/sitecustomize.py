# Loaded by moto_server when the tests put this folder on PYTHONPATH.
#
# With INITIAL_NO_AUTH_ACTION_COUNT, moto verifies SigV4 signatures by rebuilding the request
# from werkzeug's *decoded* URL, so a correctly signed request whose query holds an encoded
# '/' (prefix=backups%2F) or whose path holds encoded UTF-8 fails to verify, with any client
# (getmoto/moto issue 5948; the AWS CLI fails the same way). This makes moto verify against the
# request target exactly as it was sent, which is what AWS does. Nothing else changes: a wrong
# key or signature is still rejected.
#
# moto also cannot check presigned (query-string) signatures: it reads the Authorization
# header, which a presigned GET does not carry, and fails the request. For such requests the
# signature is verified here, as AWS documents it ("Authenticating Requests: Using Query
# Parameters"): the canonical request of the request as sent, with UNSIGNED-PAYLOAD, signed
# with the secret of the key in X-Amz-Credential; an unknown key, a wrong signature, a
# lifetime over seven days or an expired URL is rejected with S3's error, and the key's IAM
# policies are checked as for any request.
import datetime
import hashlib
import hmac
from urllib.parse import quote, unquote, urlparse

from moto import settings
from moto.core import authorization, responses
from moto.s3.exceptions import S3AccessDeniedError

_setup_class = responses.BaseResponse.setup_class
_authenticate = authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action


def _setup_class_keeping_raw_uri(self, request, full_url, headers, *args, **kwargs):
    _setup_class(self, request, full_url, headers, *args, **kwargs)
    raw = getattr(request, "environ", {}).get("RAW_URI")
    if raw and raw.startswith("/"):
        parsed = urlparse(full_url)
        self._ark_sent_uri = f"{parsed.scheme}://{parsed.netloc}{raw}"


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _presigned_signature(secret, method, raw_path, query, headers):
    """The SigV4 query signature of a request; `query` is [(name, value)] decoded."""
    credential = dict(query)["X-Amz-Credential"]
    _, date, region, service, _ = credential.split("/")
    encode = lambda s: quote(s, safe="-_.~")
    canonical_query = "&".join(
        f"{encode(k)}={encode(v)}"
        for k, v in sorted((k, v) for k, v in query if k != "X-Amz-Signature"))
    signed = dict(query)["X-Amz-SignedHeaders"].split(";")
    canonical_headers = "".join(
        f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in signed)
    canonical_request = "\n".join([method, raw_path, canonical_query, canonical_headers,
                                   ";".join(signed), "UNSIGNED-PAYLOAD"])
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", dict(query)["X-Amz-Date"], scope,
                         hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _authenticate_presigned(self, iam_request_cls, resource, sent):
    parsed = urlparse(sent)
    query = [(unquote(k), unquote(v))
             for k, _, v in (p.partition("=") for p in parsed.query.split("&") if p)]
    params = dict(query)
    for name in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                 "X-Amz-SignedHeaders"):
        if name not in params:
            raise S3AccessDeniedError()
    headers = dict(self.headers)
    headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={params['X-Amz-Credential']}, "
        f"SignedHeaders={params['X-Amz-SignedHeaders']}, Signature={params['X-Amz-Signature']}")
    # Resolves the key (an unknown one raises InvalidAccessKeyId).
    iam_request = iam_request_cls(
        account_id=self.current_account, method=self.method,
        path=parsed.path + "?" + parsed.query, data=self.data, body=self.raw_body,
        headers=headers, action=self._get_action())
    lowered = {k.lower(): v for k, v in headers.items()}
    expected = _presigned_signature(iam_request._access_key._secret_access_key, self.method,
                                    parsed.path, query, lowered)
    if params["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256" or not hmac.compare_digest(
            expected, params["X-Amz-Signature"]):
        iam_request._raise_signature_does_not_match()
    signed_at = datetime.datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc)
    lifetime = int(params["X-Amz-Expires"])
    now = datetime.datetime.now(datetime.timezone.utc)
    if not 1 <= lifetime <= 604800 or now > signed_at + datetime.timedelta(seconds=lifetime):
        raise S3AccessDeniedError()
    iam_request.check_action_permitted(resource)


def _authenticate_against_sent_uri(self, iam_request_cls, resource="*"):
    sent = getattr(self, "_ark_sent_uri", None)
    if (sent is not None and "X-Amz-Signature=" in sent and "Authorization" not in self.headers
            and authorization.ActionAuthenticatorMixin.request_count
            >= settings.INITIAL_NO_AUTH_ACTION_COUNT):
        return _authenticate_presigned(self, iam_request_cls, resource, sent)
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

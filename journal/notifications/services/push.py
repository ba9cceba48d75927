"""Web push: the VAPID key pair (`manage.py notifications_vapid_keys`)."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_keys_generate():
    """(public key for the browsers: the uncompressed point; private key: the raw 32 bytes), base64url."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
    return b64url(public), b64url(private.private_numbers().private_value.to_bytes(32, "big"))

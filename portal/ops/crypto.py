"""Encryption of backup archives: AES-256-GCM in chunks (the `cryptography` package), so that a
large media archive is never held in memory and a damaged, truncated or reordered file is refused.

File layout: MAGIC (8 bytes) · key id (8) · nonce prefix (8) · chunks. A chunk is its ciphertext
length (4 bytes, big-endian) followed by the ciphertext with its 16-byte tag; the nonce is the
prefix and the chunk number, the associated data the header, the number and a last-chunk flag.

The key is 32 random bytes, written in URL-safe base64 (`manage.py backup --generate-key`) and
given in the BACKUP_ENCRYPTION_KEY setting (environment variable). Keep a copy of it away from the
backups: without it no backup can be restored."""

import base64
import hashlib
import hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.translation import gettext as _

MAGIC = b"MEKTEPB1"
CHUNK = 1024 * 1024
_HEADER = len(MAGIC) + 8 + 8


class BackupKeyError(Exception):
    """The key is missing, malformed, or not the one the backup was encrypted with."""


def generate_key():
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def load_key(value=None):
    value = value if value is not None else getattr(settings, "BACKUP_ENCRYPTION_KEY", "")
    if not value:
        raise BackupKeyError(_("Set BACKUP_ENCRYPTION_KEY (create one with: manage.py backup --generate-key)."))
    try:
        key = base64.urlsafe_b64decode(value.encode() + b"=" * (-len(value) % 4))
    except (ValueError, TypeError):
        key = b""
    if len(key) != 32:
        raise BackupKeyError(_("BACKUP_ENCRYPTION_KEY is not a key made by manage.py backup --generate-key."))
    return key


def key_id(key):
    """A short public name of a key: tells which key a backup needs without revealing it."""
    return hmac.new(key, b"mektep-backup-key-id", hashlib.sha256).digest()[:8]


def _aad(header, number, last):
    return header + struct.pack(">QB", number, 1 if last else 0)


def encrypt_file(src_path, dst_path, key):
    aes = AESGCM(key)
    header = MAGIC + key_id(key) + os.urandom(8)
    prefix = header[16:24]
    with open(src_path, "rb") as src, open(dst_path, "wb") as dst:
        dst.write(header)
        number = 0
        chunk = src.read(CHUNK)
        while True:
            following = src.read(CHUNK) if chunk else b""
            last = not following
            nonce = prefix + struct.pack(">I", number)
            sealed = aes.encrypt(nonce, chunk, _aad(header, number, last))
            dst.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            chunk, number = following, number + 1


def decrypt_file(src_path, dst_path, key):
    damaged = BackupKeyError(_("The backup file is damaged or incomplete: it cannot be decrypted."))
    aes = AESGCM(key)
    with open(src_path, "rb") as src, open(dst_path, "wb") as dst:
        header = src.read(_HEADER)
        if len(header) != _HEADER or not header.startswith(MAGIC):
            raise BackupKeyError(_("This file is not a Mektep backup."))
        if header[8:16] != key_id(key):
            raise BackupKeyError(
                _("Wrong key: this backup was encrypted with another key (key id %(theirs)s), not with "
                  "BACKUP_ENCRYPTION_KEY (key id %(ours)s). Nothing was restored.")
                % {"theirs": header[8:16].hex(), "ours": key_id(key).hex()}
            )
        prefix = header[16:24]
        number = 0
        while True:
            size = src.read(4)
            if len(size) != 4:
                raise damaged
            sealed = src.read(struct.unpack(">I", size)[0])
            nonce = prefix + struct.pack(">I", number)
            last = src.peek(1)[:1] == b"" if hasattr(src, "peek") else False
            try:
                dst.write(aes.decrypt(nonce, sealed, _aad(header, number, last)))
            except InvalidTag:
                raise damaged from None
            if last:
                return
            number += 1

"""Where backups go: local folders (a USB disk, a second disk) and S3-compatible object stores
(MinIO, a hosting provider's object storage, AWS S3) through boto3. Configured in the
BACKUP_DESTINATIONS setting, built from environment variables in portal/settings/base.py.

Every destination keeps whole encrypted archives named `mektep-<UTC time>.tar.enc`."""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SUFFIX = ".tar.enc"
NAME_RE = re.compile(r"^mektep-\d{8}T\d{6}Z" + re.escape(SUFFIX) + "$")


@dataclass(order=True)
class StoredBackup:
    name: str
    size: int


class LocalFolder:
    kind = "local"

    def __init__(self, name, path):
        self.name, self.path = name, Path(path)

    @property
    def location(self):
        return str(self.path)

    def put(self, local_file, name):
        self.path.mkdir(parents=True, exist_ok=True)
        partial = self.path / (name + ".part")
        shutil.copyfile(local_file, partial)
        partial.replace(self.path / name)  # a half-copied archive never carries the final name

    def list(self):
        if not self.path.is_dir():
            return []
        return sorted(StoredBackup(p.name, p.stat().st_size) for p in self.path.iterdir() if NAME_RE.match(p.name))

    def get(self, name, local_file):
        shutil.copyfile(self.path / name, local_file)

    def delete(self, name):
        (self.path / name).unlink(missing_ok=True)


class S3Bucket:
    kind = "s3"

    def __init__(self, name, bucket, prefix="", endpoint_url=None, access_key_id=None, secret_access_key=None,
                 region=None):
        self.name, self.bucket = name, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client_args = {
            "endpoint_url": endpoint_url or None, "aws_access_key_id": access_key_id or None,
            "aws_secret_access_key": secret_access_key or None, "region_name": region or None,
        }

    @property
    def location(self):
        endpoint = self._client_args["endpoint_url"] or "s3"
        return f"{endpoint.rstrip('/')}/{self.bucket}/{self.prefix}"

    @property
    def client(self):
        import boto3

        return boto3.client("s3", **self._client_args)

    def put(self, local_file, name):
        self.client.upload_file(str(local_file), self.bucket, self.prefix + name)

    def list(self):
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                name = obj["Key"][len(self.prefix):]
                if NAME_RE.match(name):
                    found.append(StoredBackup(name, obj["Size"]))
        return sorted(found)

    def get(self, name, local_file):
        self.client.download_file(self.bucket, self.prefix + name, str(local_file))

    def delete(self, name):
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + name)


_KINDS = {"local": LocalFolder, "s3": S3Bucket}


def configured_destinations(config=None):
    """The destinations of the BACKUP_DESTINATIONS setting: a list of dicts with "kind" ("local"
    or "s3"), "name" and the arguments of LocalFolder / S3Bucket."""
    config = getattr(settings, "BACKUP_DESTINATIONS", []) if config is None else config
    destinations = []
    for entry in config:
        entry = dict(entry)
        kind = entry.pop("kind")
        if kind not in _KINDS:
            raise ImproperlyConfigured(f"Unknown backup destination kind {kind!r}")
        destinations.append(_KINDS[kind](**entry))
    return destinations

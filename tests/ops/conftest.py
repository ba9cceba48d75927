"""Fixtures of the operations tests: an encryption key, a local S3-compatible server (moto's
server mode on 127.0.0.1, a free port) and two backup destinations (a folder and a bucket)."""

import socket
import uuid

import pytest

from portal.ops import crypto


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server):
    import boto3

    name = f"mektep-backups-{uuid.uuid4().hex[:8]}"
    config = {"endpoint_url": s3_server, "access_key_id": "testing", "secret_access_key": "testing",
              "region": "us-east-1"}
    boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="testing", aws_secret_access_key="testing",
                 region_name="us-east-1").create_bucket(Bucket=name)
    return {"kind": "s3", "name": "s3", "bucket": name, "prefix": "school-a/", **config}


@pytest.fixture
def backup_settings(settings, tmp_path, s3_bucket):
    """Two destinations (a folder standing for a USB disk, and the S3 bucket) and a key."""
    settings.BACKUP_ENCRYPTION_KEY = crypto.generate_key()
    settings.BACKUP_DESTINATIONS = [{"kind": "local", "name": "local", "path": str(tmp_path / "usb")}, s3_bucket]
    settings.BACKUP_WORK_DIR = str(tmp_path / "work")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    return settings

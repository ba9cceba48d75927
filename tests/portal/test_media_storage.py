"""Public media on object storage (issue 12 §6): django-storages' S3 backend chosen by the
environment, against a local S3-compatible server (moto's server mode, tests/ops/conftest.py)."""

import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from portal.settings.base import media_storage_from_env
from tests.ops.conftest import s3_server  # noqa: F401  (the fixture)


def test_local_disk_without_a_bucket():
    assert media_storage_from_env({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.fixture
def media_bucket(s3_server, settings):  # noqa: F811
    name = f"mektep-media-{uuid.uuid4().hex[:8]}"
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env({
        "AWS_STORAGE_BUCKET_NAME": name, "AWS_S3_ENDPOINT_URL": s3_server, "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ACCESS_KEY_ID": "testing", "AWS_S3_SECRET_ACCESS_KEY": "testing"})}
    return client, name


@pytest.mark.django_db
def test_public_media_go_to_the_bucket(media_bucket):
    from wagtail.documents.models import Document

    client, bucket = media_bucket
    assert default_storage.__class__.__name__ == "S3Storage"
    first = default_storage.save("news/photo.txt", ContentFile(b"one"))
    second = default_storage.save("news/photo.txt", ContentFile(b"two"))
    assert first != second  # no upload replaces another
    assert client.get_object(Bucket=bucket, Key=f"media/{first}")["Body"].read() == b"one"
    assert default_storage.url(first).startswith(f"{client.meta.endpoint_url}/{bucket}/media/news/")
    assert "Signature" not in default_storage.url(first)  # public: a plain URL

    document = Document.objects.create(title="Устав", file=ContentFile(b"%PDF-1.4 charter", name="charter.pdf"))
    key = f"media/{document.file.name}"
    assert client.get_object(Bucket=bucket, Key=key)["Body"].read() == b"%PDF-1.4 charter"
    with document.file.open("rb") as fh:
        assert fh.read() == b"%PDF-1.4 charter"

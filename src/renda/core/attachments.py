"""Attachments: type checked by content (not by name), size-limited, access through the owner.

An app registers how to find an owner for a user (its access helper), so a download
is allowed exactly when the owner is visible: `register_owner("workplan.workplanitem", item_for)`.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core import audit
from renda.core.models import Attachment

OWNER_LOOKUPS: dict[str, Callable] = {}

ALLOWED = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
}


def register_owner(object_type: str, lookup: Callable) -> None:
    """`lookup(user, pk)` returns the owner or raises Http404 when the user may not see it."""
    OWNER_LOOKUPS[object_type] = lookup


def sniff(head: bytes, fileobj=None) -> str | None:
    """The media type by content (magic bytes); None when not an allowed kind."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"  # OLE2: .doc / .xls
    if head.startswith(b"PK\x03\x04") and fileobj is not None:
        try:
            fileobj.seek(0)
            names = set(zipfile.ZipFile(fileobj).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            fileobj.seek(0)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


@transaction.atomic
def attach(*, actor, obj, upload) -> Attachment:
    if upload is None:
        raise ValidationError("请选择要上传的文件。")
    limit = settings.RENDA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(f"文件过大：不得超过 {limit // (1024 * 1024)} MB。")
    if upload.size == 0:
        raise ValidationError("文件是空的。")
    upload.seek(0)
    head = upload.read(16)
    media_type = sniff(head, upload)
    if media_type is None:
        raise ValidationError("文件类型不允许：仅接受 PDF、Word、Excel 文档和 PNG、JPEG 图片（按文件内容识别）。")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "附件").replace("/", "_").replace("\\", "_")[:200]
    att = Attachment(
        congress_id=obj.congress_id,
        owner_type=audit.object_type(obj),
        owner_id=str(obj.pk),
        name=name,
        size=upload.size,
        media_type=media_type,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    att.file.save(f"{digest.hexdigest()[:16]}{ALLOWED[media_type]}", upload, save=False)
    att.save()
    audit.record(actor=actor, action="attach", obj=obj, after={"attachment": name, "sha256": att.sha256})
    return att


def for_object(obj):
    return Attachment.objects.filter(
        congress_id=obj.congress_id, owner_type=audit.object_type(obj), owner_id=str(obj.pk)
    ).order_by("-uploaded_at")

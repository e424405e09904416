"""Background work of legislation (django-tasks: immediate in development and tests, the database worker in
production): the analysis of the comments on a version (`services.comment_analysis_run`)."""

from __future__ import annotations

from django_tasks import task

from renda.legislation.services import comment_analysis_run


@task()
def analyze_version_comments(analysis_id: int) -> dict:
    analysis = comment_analysis_run(analysis_id)
    if analysis is None:
        return {"analysis": analysis_id, "status": "missing"}
    return {"analysis": analysis_id, "status": analysis.status, "progress": analysis.progress}

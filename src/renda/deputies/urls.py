from django.urls import path

from renda.core import kit
from renda.deputies import views
from renda.deputies.annual import views as annual
from renda.deputies.exchanges import views as exchanges
from renda.deputies.immunity import views as immunity
from renda.deputies.liaison import views as liaison
from renda.deputies.schedule import views as schedule
from renda.deputies.training import views as training
from renda.deputies.upper import views as upper

app_name = "deputies"


def record(prefix: str, stem: str, detail, *, listing=None, create=None, edit=None, step: str = "",
           name: str = "", more: dict | None = None) -> list:
    """The pages of one kind of record under `prefix`: its list (`listing`, a view and its name), `new/`
    (`<stem>_create`), `<pk>/` (`name`, by default the stem), `<pk>/edit/` (`<stem>_edit`), a step of its
    workflow `<pk>/do/<action>/` — the kit's one endpoint for `deputies.<step>` (renda.core.kit), named
    `<stem>_transition` — and `<pk>/<segment>/` for each view of `more`, under the view's own name."""
    one = f"{prefix}<int:pk>/"
    patterns = [path(prefix, listing[0], name=listing[1])] if listing else []
    if create:
        patterns.append(path(f"{prefix}new/", create, name=f"{stem}_create"))
    patterns.append(path(one, detail, name=name or stem))
    if edit:
        patterns.append(path(f"{one}edit/", edit, name=f"{stem}_edit"))
    if step:
        patterns.append(path(f"{one}do/<slug:action>/", kit.transition_view(f"deputies.{step}"),
                             name=f"{stem}_transition"))
    patterns += [path(f"{one}{segment}/", view, name=view.__name__) for segment, view in (more or {}).items()]
    return patterns


urlpatterns = [
    # the registry (代表工作)
    path("", views.index, name="index"),
    path("registry/", views.registry, name="registry"),
    path("registry/export.xlsx", views.registry_export, name="registry_export"),
    path("composition/export.xlsx", views.composition_export, name="composition_export"),
    *record("", "deputy", views.deputy_detail, edit=views.deputy_edit),
    path("<int:pk>/record/", views.deputy_record, name="deputy_record"),
    path("<int:pk>/record/report.docx", views.deputy_report, name="deputy_report"),
    *record("changes/", "change", views.change_detail, listing=(views.changes, "changes"),
            create=views.change_create, step="change"),
    # the deputies' platform (代表履职平台)
    path("me/", views.me, name="me"),
    path("me/report.docx", views.me_report, name="me_report"),
    # liaison with the people (联系群众)
    *record("liaison/stations/", "station", liaison.station_detail, listing=(liaison.stations, "stations"),
            create=liaison.station_create, edit=liaison.station_edit),
    *record("liaison/activities/", "activity", liaison.activity_detail, create=liaison.activity_create,
            listing=(liaison.activities, "activities"), edit=liaison.activity_edit, step="activity",
            more={"issues": liaison.activity_issue, "attach": liaison.activity_attach}),
    *record("liaison/issues/", "issue", liaison.issue_detail, listing=(liaison.issues, "issues"), step="issue"),
    *record("liaison/contacts/", "contact", liaison.contact_detail, listing=(liaison.contacts, "contacts"),
            create=liaison.contact_create, more={"issues": liaison.contact_issue}),
    # self-building (自身建设)
    *record("training/", "course", training.course_detail, listing=(training.index, "training"),
            create=training.course_create, edit=training.course_edit, step="course",
            more={"enroll": training.course_enroll, "attendance": training.course_attendance,
                  "attach": training.course_attach}),
    *record("training/materials/", "material", training.material_detail, create=training.material_create,
            more={"attach": training.material_attach}),
    # external exchanges (对外交流)
    path("exchanges/", exchanges.index, name="exchanges"),
    *record("exchanges/partners/", "partner", exchanges.partner_detail, create=exchanges.partner_create),
    *record("exchanges/visits/", "visit", exchanges.visit_detail, create=exchanges.visit_create,
            edit=exchanges.visit_edit, step="visit",
            more={"meetings": exchanges.visit_meeting, "agreements": exchanges.visit_agreement}),
    # permission to arrest or try a deputy, detention reports (许可; confidential)
    *record("immunity/", "immunity", immunity.detail, listing=(immunity.index, "immunity"), create=immunity.create,
            step="immunity", name="immunity_case"),
    # the annual deputy-work plan (年度代表工作计划) and its public page
    *record("work-plans/", "workplan", annual.detail, listing=(annual.index, "workplans"), create=annual.create,
            edit=annual.edit, step="workplan"),
    path("public/<slug:code>/work-plans/", annual.public, name="public_workplans"),
    # provincial deputies elected by this congress: recall, resignation, by-election between sessions
    *record("upper/", "upper_case", upper.detail, listing=(upper.index, "uppers"), create=upper.create,
            step="uppercase"),
    # the one calendar (统筹日程)
    path("calendar/", schedule.calendar, name="calendar"),
    path("calendar/export.ics", schedule.calendar_ics, name="calendar_ics"),
]

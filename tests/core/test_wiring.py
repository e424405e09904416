"""renda.core.wiring: what every app registers in its wiring.py, stated once — and nothing lost on the way."""

import importlib
import pkgutil
import types
from pathlib import Path

from django.apps import AppConfig, apps

import renda
from renda.core import appconfig, kit, registry, search, seeding, wiring
from renda.core.attachments import OWNER_LOOKUPS
from renda.core.workflow import Workflow
from renda.demo.registry import DEMO_LOADERS
from renda.meetings.agenda import AGENDA_TYPES

KIT_KEYS = [
    "deputies.change", "deputies.activity", "deputies.issue", "deputies.course", "deputies.visit",
    "deputies.immunity", "deputies.workplan", "deputies.uppercase", "workplan.plan", "workplan.item",
    "meetings.appointmentduty", "meetings.meeting", "meetings.agendaitem", "meetings.attendance", "meetings.vote",
    "meetings.nomination", "meetings.decision", "voting.livevote", "assembly.session", "assembly.election",
    "assembly.project", "assembly.lvote", "proposals.proposal", "proposals.commitment", "proposals.handlingreport",
    "legislation.bill", "legislation.period", "legislation.consultation", "legislation.plan", "legislation.notice",
    "supervision.report", "supervision.prelim", "supervision.inspection", "supervision.rectification",
    "supervision.inquiry", "supervision.interpellation", "supervision.investigation", "supervision.filing",
    "supervision.request", "supervision.removal", "supervision.resolution", "supervision.annual", "budget.query",
    "budget.question", "participation.opinion", "portal.news", "lawbook.campaign",
]
# on the 待办 inbox: those with the rows to look at and a label
INBOX_KEYS = {
    "deputies.change", "deputies.activity", "deputies.issue", "deputies.course", "deputies.visit",
    "deputies.immunity", "deputies.workplan", "deputies.uppercase", "workplan.plan", "workplan.item",
    "meetings.appointmentduty", "voting.livevote", "assembly.session", "assembly.election", "assembly.project",
    "assembly.lvote", "proposals.handlingreport", "supervision.removal", "supervision.resolution",
    "supervision.annual", "budget.query", "budget.question", "lawbook.campaign",
}
SEARCH_KINDS = ["workplan.item", "workplan.plan", "meetings.meeting", "proposals.proposal", "legislation.bill",
                "supervision.report", "supervision.inspection", "participation.opinion"]
SEEDS = [(10, "workplan"), (20, "meetings"), (20, "legislation"), (30, "supervision"), (40, "proposals"),
         (60, "deputies"), (60, "participation"), (70, "budget")]
DEMOS = [(20, "meetings"), (20, "legislation"), (25, "meetings.duties"), (25, "voting"), (30, "supervision"),
         (60, "deputies"), (60, "assembly"), (65, "deputies.statutory"), (70, "proposals"), (70, "budget"),
         (75, "proposals.handling_report"), (80, "participation"), (90, "portal"), (90, "lawbook")]
CALENDAR = ["deputies.activities", "deputies.contacts", "deputies.deadlines", "deputies.training",
            "deputies.exchanges", "meetings", "assembly", "proposals", "legislation", "supervision"]
OWNERS = {
    "deputies.activity", "deputies.course", "deputies.studymaterial", "legislation.billversion",
    "legislation.consultation", "meetings.agendaitem", "meetings.decision", "meetings.nomination",
    "participation.opinion", "proposals.progressreport", "proposals.proposal", "proposals.reply",
    "supervision.fieldvisit", "supervision.normativedocument", "supervision.rectificationitem",
    "supervision.reportdocument", "workplan.workplanitem",
}
AGENDA = {"legislation.bill", "meetings.decision", "meetings.nomination", "supervision.inspection",
          "supervision.report"}
AREAS = {
    "workplan": ("workplan:index", 10), "legislation": ("legislation:index", 20),
    "supervision": ("supervision:index", 30), "decisions": ("meetings:index", 40),
    "proposals": ("proposals:index", 50), "deputies": ("deputies:index", 60),
    "participation": ("participation:index", 70), "training": ("deputies:training", 80),
    "exchanges": ("deputies:exchanges", 90), "calendar": ("deputies:calendar", 95), "voting": ("voting:index", 45),
    "materials": ("voting:materials", 46), "assembly": ("assembly:index", 55), "budget": ("budget:index", 35),
    "portal": ("portal:news_admin", 75), "lawbook": ("lawbook:index", 25),
}
# Workflows whose rows take no step through the kit (an assignment moves with its proposal's steps).
NOT_ON_THE_KIT = {"proposals.assignment"}


def test_every_app_registers_what_it_did_in_the_same_order():
    assert list(kit.REGISTRY) == KIT_KEYS
    assert {k for k, wo in kit.REGISTRY.items() if wo.queryset and wo.label} == INBOX_KEYS
    assert list(search.SOURCES) == SEARCH_KINDS
    assert [(o, n) for o, n, _ in seeding.GENERATORS] == SEEDS
    assert [(o, n) for o, n, _ in DEMO_LOADERS] == DEMOS
    assert [n for n, _ in registry.CALENDAR_SOURCES] == CALENDAR
    assert set(OWNER_LOOKUPS) == OWNERS
    assert set(AGENDA_TYPES) == AGENDA
    assert {k: (a.url_name, a.order) for k, a in registry.AREAS.items()} == AREAS


def test_every_workflow_of_every_app_is_on_the_kit():
    on_kit = {wo.workflow.name for wo in kit.REGISTRY.values()}
    declared = set()
    for info in pkgutil.walk_packages(renda.__path__, "renda."):
        if info.name.endswith(".workflow"):
            module = importlib.import_module(info.name)
            declared |= {v.name for v in vars(module).values() if isinstance(v, Workflow)}
    assert declared - NOT_ON_THE_KIT <= on_kit, declared - NOT_ON_THE_KIT - on_kit


def test_a_page_is_reversed_from_its_url_name_and_attribute():
    obj = types.SimpleNamespace(pk=7, year=2026)
    assert kit.page("workplan:item")(obj) == "/workplan/items/7/"
    assert kit.page("supervision:annual", "year")(obj) == "/supervision/annual/2026/"
    assert kit.REGISTRY["meetings.attendance"].url(types.SimpleNamespace(pk=1, meeting_id=9)) == \
        "/meetings/9/attendance/"


def test_ordered_registrations_keep_the_first_of_a_name_and_sort_by_order():
    entries: list = []
    registry.add_once_in_order(entries, "b", "B", 20)
    registry.add_once_in_order(entries, "a", "A", 10)
    registry.add_once_in_order(entries, "b", "B2", 5)  # ready() run again: ignored
    registry.add_once_in_order(entries, "c", "C", 20)
    assert entries == [(10, "a", "A"), (20, "b", "B"), (20, "c", "C")]


def test_an_agenda_lookup_reads_the_row_of_that_congress():
    calls = []

    class Rows:
        def filter(self, **kwargs):
            calls.append(kwargs)
            return types.SimpleNamespace(first=lambda: "row")

    model = types.SimpleNamespace(objects=Rows())
    assert wiring.congress_row(model)(3, 7) == "row"
    wiring.congress_rows(model, status="reported")(3)
    assert calls == [{"congress_id": 3, "pk": 7}, {"congress_id": 3, "status": "reported"}]


def test_every_module_runs_its_own_config_and_wiring():
    """Django takes the one AppConfig class of an apps.py; with two in its namespace it falls back to a bare
    AppConfig and the module's registrations silently never run."""
    ours = [cfg for cfg in apps.get_app_configs() if cfg.name.startswith("renda.")]
    assert len(ours) >= 15
    for cfg in ours:
        assert type(cfg) is not AppConfig, cfg.name
        if cfg.name != "renda.core" and (Path(cfg.path) / "wiring.py").exists():  # core's is the helpers
            assert isinstance(cfg, appconfig.ModuleConfig), cfg.name
    assert sum(isinstance(cfg, appconfig.ModuleConfig) for cfg in ours) == 12

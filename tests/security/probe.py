"""The access probe: plant markers in every row, request every URL as every role, report what leaks.

How it works (tests/security/test_access_probe.py drives it; docs/SECURITY.md, "Proof"):

1. `shift_sequences()` gives every CongressScoped table its own id range (table i starts at (i+1)·100 000) before
   the data is loaded, so an id names exactly one row of one table: a route can be mapped to the model it looks up
   by asking it, and a 2xx for another congress's id is unambiguous.
2. `plant_markers()` writes a unique ASCII marker `zqleak<model>n<pk>q` at the start of every free-text column of
   every CongressScoped row (identifiers, codes, choices, e-mail/URL/slug fields and short columns excepted), and
   `zqpii<model>n<pk>q` into every EncryptedTextField (personal data). ASCII, so JSON's \\u-escaping cannot hide it.
3. `Oracle` decides, for a user (or anonymous), which rows' markers must never appear in what that user is sent:
   - rows of any other congress, unless public (PUBLIC below, or a generic published-flag heuristic);
   - rows of the user's congress that the app's own visibility filter (ORACLE below: the `*_filter(user)` of each
     app's permissions.py) does not return — drafts, items routed to another unit, …; models not listed there are
     checked across congresses only;
   - personal data unless the app's own rule allows it (PII_ALLOWED), and never in an API response;
   - for anonymous: everything that is not public.
4. `Probe.learn()` maps each URL pattern with an integer parameter to the model it looks up (one request per
   candidate model of its app with a row that the staff learner may see, until one answers 200/302).
5. `Probe.run(user)` requests every GET-able pattern with ids sampled per model (every marker-bearing row the user
   must not see, up to a bound per kind, plus a few it may see), web pages with the user's session and API routes
   with the user's bearer token, and collects: 5xx responses, forbidden markers in the body (zip parts of
   .docx/.xlsx downloads included) or headers, and 2xx answers for another congress's non-public row.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.apps import apps
from django.db import connection, models
from django.db.models import CharField, F, Q, TextField, Value
from django.db.models.functions import Cast, Concat, Left
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped

MARKER_RE = re.compile(r"zq(leak|pii)(\d{3})n(\d+)q")
ID_STEP = 100_000
MAX_FORBIDDEN_PER_KIND = 2  # sampled forbidden rows per model: other congress / own congress
MAX_ALLOWED = 2

# Free-text columns that are identifiers or parsed by the code, never marked.
SKIP_FIELD_NAMES = frozenset({
    "code", "tracking_code", "eid", "article_eid", "number", "doc_number", "sha256", "owner_type", "object_type",
    "link", "submission_id", "letter_number", "announcement_number", "decision_ref", "approval_ref", "id_digest",
    "media_type", "rule_id", "email", "prefix", "key_hash", "username", "password", "short_name", "part", "source",
    "unit", "indicator",
})


def scoped_models() -> list[type[models.Model]]:
    return sorted((m for m in apps.get_models() if issubclass(m, CongressScoped)), key=lambda m: m._meta.label)


def marker(kind: str, idx: int, pk: int) -> str:
    return f"zq{kind}{idx:03d}n{pk}q"


# ---- 1. id ranges ---------------------------------------------------------------------------------------------
def shift_sequences() -> dict[str, int]:
    """Give table i the ids from (i+1)·ID_STEP on. Call on empty tables, before loading data."""
    starts = {}
    with connection.cursor() as cur:
        for i, model in enumerate(scoped_models()):
            table, start = model._meta.db_table, (i + 1) * ID_STEP
            starts[model._meta.label] = start
            if connection.vendor == "postgresql":
                if not _serial_pk(model):
                    continue  # a random key (e.g. anonymous ballots): no sequence to move
                cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, start])
            elif connection.vendor == "sqlite":
                cur.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cur.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start - 1])
            else:  # pragma: no cover
                raise NotImplementedError(connection.vendor)
    return starts


def _serial_pk(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)


def reset_sequences() -> None:
    """PostgreSQL sequences are not rolled back: put them back after the module's data is gone."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        for model in scoped_models():
            if not _serial_pk(model):
                continue
            table = model._meta.db_table
            quoted = connection.ops.quote_name(table)  # from the model registry, not from input
            sql = ("SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM "  # noqa: S608
                   + quoted + "), 0) + 1, false)")
            cur.execute(sql, [table])


# ---- 2. markers -----------------------------------------------------------------------------------------------
def markable_fields(model) -> list[models.Field]:
    out = []
    for f in model._meta.concrete_fields:
        if (isinstance(f, EncryptedTextField) or f.name in SKIP_FIELD_NAMES or f.name.endswith(("_id", "_type"))
                or f.choices or f.unique or f.primary_key):
            continue
        if isinstance(f, models.SlugField | models.EmailField | models.URLField | models.FilePathField):
            continue
        if type(f) is TextField or (type(f) is CharField and (f.max_length or 0) >= 24):
            out.append(f)
    return out


def pii_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def plant_markers() -> dict[str, int]:
    """Prefix every markable column of every row with its row's marker; personal data becomes a marker."""
    counts = {}
    for idx, model in enumerate(scoped_models()):
        label = model._meta.label
        fields = markable_fields(model)
        if fields:
            prefix = Concat(Value(f"zqleak{idx:03d}n"), Cast(F("pk"), CharField()), Value("q "))
            model.objects.update(**{
                f.name: Left(Concat(prefix, F(f.name), output_field=CharField()), f.max_length)
                if f.max_length else Concat(prefix, F(f.name), output_field=TextField())
                for f in fields
            })
        pf = pii_fields(model)
        if pf:
            for pk in model.objects.values_list("pk", flat=True):
                model.objects.filter(pk=pk).update(**{f.name: marker("pii", idx, pk) for f in pf})
        counts[label] = model.objects.count() if (fields or pf) else 0
    return counts


# ---- 3. who may see what --------------------------------------------------------------------------------------
def _published_q(model) -> Q | None:
    """Generic heuristic for rows the public portal may show: a published flag, a `published` status, or a
    publication date that has come."""
    from django.utils import timezone

    names = {f.name: f for f in model._meta.concrete_fields}
    for n in ("published", "is_published", "is_public", "public"):
        if isinstance(names.get(n), models.BooleanField):
            return Q(**{n: True})
    date_q = None
    for n in ("published_at", "published_on"):
        if n in names:
            now = timezone.now() if isinstance(names[n], models.DateTimeField) else timezone.localdate()
            date_q = (n, now)
    status = names.get("status")
    if status is not None and "published" in dict(status.choices or ()):
        if date_q is None:
            return Q(status="published")
        n, now = date_q
        return Q(status="published") & (Q(**{f"{n}__isnull": True}) | Q(**{f"{n}__lte": now}))
    if date_q is not None:
        n, now = date_q
        return Q(**{f"{n}__isnull": False, f"{n}__lte": now})
    return None


def _public_proposal_ids() -> set[int]:
    from renda.core.models import Congress
    from renda.proposals import selectors

    def shown(p) -> bool:
        return not p.confidential and "personal" not in (p.flags or [])

    ids = set()
    for cid in Congress.objects.values_list("pk", flat=True):
        for p in selectors.public_proposals(cid):
            if shown(p):  # a main item, and the suggestions merged into it (并案) listed after it
                ids.add(p.pk)
                ids |= {m.pk for m in p.merged.all() if shown(m)}
    return ids


# Rows anyone may read on the public pages of their congress (names of bodies and people, category lists, …).
PUBLIC: dict[str, object] = {
    "core.Organization": lambda m: Q(),
    "core.Person": lambda m: Q(),
    "core.Term": lambda m: Q(),
    "core.CongressSession": lambda m: Q(),
    "deputies.Delegation": lambda m: Q(),
    "participation.Category": lambda m: Q(),
    "legislation.ContactPoint": lambda m: Q(),
    # the roster of deputies (name, delegation, sector) is published; their personal data is checked separately
    "deputies.Deputy": lambda m: Q(),
    "deputies.Station": lambda m: Q(),  # liaison stations (代表联络站) are published with address and schedule
    "deputies.DeputyWorkPlan": lambda m: Q(status="published"),  # 代表法 第四十三条第二款: 向社会公布
    "proposals.HandlingReport": lambda m: Q(status="published"),  # 代表法 第五十一条第三款: 予以公开
    # a comment period is the publication of a draft (立法法 第四十条); promulgated laws and published versions
    "legislation.CommentPeriod": lambda m: Q(),
    "legislation.Bill": lambda m: (Q(comment_periods__isnull=False) | Q(status__in=("promulgated", "filed"))
                                   | Q(versions__published=True)),
    # a standing-committee session once convened: its title and date are printed on every act it passed
    "meetings.Meeting": lambda m: Q(kind="standing", status__in=("convened", "in_session", "closed")),
    # its public page (meetings.public_views): the agenda, announced votes by totals, decided appointments, the 公报
    "meetings.AgendaItem": lambda m: Q(meeting__kind="standing", meeting__status__in=("convened", "in_session", "closed"))
    & ~Q(status__in=("proposed", "withdrawn")),
    "meetings.Vote": lambda m: Q(meeting__kind="standing", meeting__status__in=("convened", "in_session", "closed"),
                                 status="announced"),
    # appointments and removals once decided are announced (任免名单), decisions once adopted are published
    "meetings.Nomination": lambda m: Q(status__in=("approved", "sworn", "rejected")),
    "meetings.Decision": lambda m: Q(status__in=("adopted", "published")),
    # the public page (proposals.views.public): replied, not confidential, not personal — with their replies
    "proposals.Proposal": lambda m: Q(pk__in=_public_proposal_ids()),
    "proposals.Reply": lambda m: Q(proposal_id__in=_public_proposal_ids()),
    # 民生实事项目 once put to the 票决: candidates, totals and progress (renda.assembly public pages)
    "assembly.LivelihoodProject": lambda m: Q(status__in=("candidate", "adopted", "not_adopted", "completed")),
    "assembly.Milestone": lambda m: Q(project__status__in=("candidate", "adopted", "not_adopted", "completed")),
    # the law book is published law: regulations, their history and every text in force (renda.lawbook public pages)
    "lawbook.Regulation": lambda m: Q(),
    "lawbook.RegulationEvent": lambda m: Q(),
    "lawbook.RegulationVersion": lambda m: Q(),
    # the 备案目录 (renda.lawbook filings page) publishes each filed document's title, number, maker and dates; the
    # page shows no other field (tests/lawbook/test_public.py::test_the_filing_catalogue_shows_only_public_fields)
    "supervision.NormativeDocument": lambda m: Q(),
}


def _perm(module: str, name: str):
    def f(user):
        mod = __import__(f"renda.{module}.permissions", fromlist=[name])
        return getattr(mod, name)(user)
    return f


def _through(parent_label: str, path: str):
    """Visible when the parent row (reached by `path`) is visible."""
    def f(user):
        q = ORACLE[parent_label](user)
        if q is None:
            return None
        parent = apps.get_model(parent_label)
        return Q(**{f"{path}__in": parent.objects.filter(q).values("pk")})
    return f


def _both(a, b):
    def f(user):
        qa, qb = a(user), b(user)
        return None if qa is None or qb is None else qa & qb
    return f


def _either(a, b):
    def f(user):
        qs = [q for q in (a(user), b(user)) if q is not None]
        if not qs:
            return None
        out = qs[0]
        for q in qs[1:]:
            out |= q
        return out
    return f


def _unit_sources(user):
    """A unit reads the title of the report its own rectification items come from (the item names it)."""
    if getattr(user, "role", None) != "unit" or not user.organization_id:
        return None
    return Q(rectifications__owner_unit_id=user.organization_id)


# In-congress visibility: each app's own filter (the spec the access-matrix tests check). Models not listed are
# visible to every signed-in user of their congress as far as this probe is concerned.
ORACLE: dict[str, object] = {
    "workplan.WorkPlan": _perm("workplan", "plan_filter"),
    "workplan.WorkPlanItem": _perm("workplan", "item_filter"),
    "workplan.ItemProgress": None,  # set below (through the item)
    "proposals.Proposal": _perm("proposals", "proposal_filter"),
    "proposals.Assignment": _perm("proposals", "assignment_read_filter"),
    "proposals.ProgressReport": _perm("proposals", "progress_filter"),
    "participation.Opinion": _perm("participation", "opinion_filter"),
    "supervision.Report": _either(_perm("supervision", "report_filter"), _unit_sources),
    "budget.BudgetQuery": _perm("budget", "query_filter"),
    "budget.ImportBatch": _perm("budget", "batch_filter"),
    # the budget unit a query is about is named on the query's page, which its addressee reads
    "budget.BudgetUnit": _either(_perm("budget", "data_filter"), _through("budget.BudgetQuery", "queries")),
    "budget.Indicator": _perm("budget", "data_filter"),
    "budget.Payment": _perm("budget", "data_filter"),
    "budget.Debt": _perm("budget", "data_filter"),
    "budget.DebtLimit": _perm("budget", "data_filter"),
    "budget.FinalAccount": _perm("budget", "data_filter"),
    "budget.MonthlyExecution": _perm("budget", "data_filter"),
    "budget.BudgetTotal": _perm("budget", "data_filter"),
    "budget.DeptExecution": _perm("budget", "data_filter"),
    "budget.DeptBudget": _perm("budget", "data_filter"),
    "budget.EconExecution": _perm("budget", "data_filter"),
    "budget.EconBudget": _perm("budget", "data_filter"),
    "budget.FuncExecution": _perm("budget", "data_filter"),
    "budget.FuncBudget": _perm("budget", "data_filter"),
    "budget.DeptFinal": _perm("budget", "data_filter"),
    "budget.BudgetQuestion": _perm("budget", "question_filter"),
    # the data version token (cache key of the alerts) is shown nowhere; readable as the data are
    "budget.BudgetDataVersion": _perm("budget", "data_filter"),
    "supervision.Inspection": _perm("supervision", "inspection_filter"),
    "supervision.RectificationItem": _perm("supervision", "rect_filter"),
    "supervision.Inquiry": _perm("supervision", "inquiry_filter"),
    "supervision.Interpellation": _perm("supervision", "interp_filter"),
    "supervision.Investigation": _perm("supervision", "investigation_filter"),
    "supervision.NormativeDocument": _perm("supervision", "filing_filter"),
    "supervision.ReviewRequest": _perm("supervision", "request_filter"),
    "supervision.RemovalCase": _perm("supervision", "removal_filter"),
    "supervision.ResolutionExecution": _perm("supervision", "resolution_filter"),
    "supervision.AnnualDuty": _perm("supervision", "annual_filter"),
    "meetings.Meeting": _perm("meetings", "meeting_filter"),
    "meetings.Nomination": _perm("meetings", "nomination_filter"),
    "meetings.Decision": _perm("meetings", "decision_filter"),
    "legislation.Bill": _perm("legislation", "bill_filter"),
    "legislation.BillVersion": _perm("legislation", "version_filter"),
    "legislation.LegislativePlan": _perm("legislation", "plan_filter"),
    "deputies.DeputyChange": _perm("deputies", "change_filter"),
    "deputies.Issue": _perm("deputies", "issue_filter"),
    "deputies.MemberContact": _perm("deputies", "contact_filter"),
    "deputies.Visit": _perm("deputies", "visit_filter"),
    # the congress session (renda.assembly): its viewing roles; units only the livelihood projects they lead
    "assembly.AssemblySession": _perm("assembly", "session_filter"),
    "assembly.LivelihoodProject": _perm("assembly", "project_filter"),
    "lawbook.PackageAmendment": _perm("lawbook", "internal_filter"),
    "lawbook.CleanupCampaign": _perm("lawbook", "internal_filter"),
    "lawbook.CleanupItem": _perm("lawbook", "item_filter"),
    "lawbook.ReviewFinding": _perm("lawbook", "internal_filter"),
    "lawbook.Subscription": lambda user: None,  # shown to no one (the email is personal data, the tokens secret)
    # confidential (代表法 第三十九条): the office, the leadership and the administrator only
    "deputies.ImmunityCase": _perm("deputies.immunity", "immunity_filter"),
    "deputies.DeputyWorkPlan": _perm("deputies.annual", "plan_filter"),
    "deputies.UpperDeputyCase": _perm("deputies.upper", "case_filter"),
    "proposals.HandlingReport": _perm("proposals.report", "report_filter"),
    "meetings.AppointmentDuty": _perm("meetings.appointment_duties", "duty_filter"),
    # private annotations on meeting materials: their author only, whatever the role (renda.voting)
    "voting.MaterialNote": _perm("voting", "note_filter"),
}
ORACLE["workplan.ItemProgress"] = _through("workplan.WorkPlanItem", "item")
ORACLE["supervision.RemovalSigner"] = _through("supervision.RemovalCase", "case")
for _label, _path in (("Sitting", "session"), ("SittingVote", "sitting__session"), ("DelegationLead", "session"),
                     ("PresidiumMember", "session"), ("Election", "session"), ("Candidate", "election__session"),
                     ("ElectionMark", "election__session"), ("ElectionBallot", "election__session"),
                     ("LivelihoodVote", "session"), ("LivelihoodMark", "vote__session")):
    ORACLE[f"assembly.{_label}"] = _through("assembly.AssemblySession", _path)
for _label in ("Milestone", "ProjectOpinion", "RatingMark"):
    ORACLE[f"assembly.{_label}"] = _through("assembly.LivelihoodProject", "project")
ORACLE["meetings.AgendaItem"] = _both(_through("meetings.Meeting", "meeting"),
                                     lambda u: _perm("meetings", "item_filter")(u))


def _pii_deputy(user, obj):
    from renda.deputies.permissions import can_view_private
    return can_view_private(user, obj)


def _pii_opinion(user, obj):
    from renda.participation.permissions import can_see_contact
    return can_see_contact(user, obj)


# Who may read a row's personal data on a web page (never in the API). Default: nobody.
PII_ALLOWED = {"deputies.Deputy": _pii_deputy, "participation.Opinion": _pii_opinion}
# a private note on a meeting material (encrypted text): its author, nobody else (renda.voting)
PII_ALLOWED["voting.MaterialNote"] = lambda user, obj: obj.author_id == getattr(user, "pk", None)


@dataclass
class Verdicts:
    """For one user: every marked row it must not see, by model label."""

    leak: dict[str, set[int]] = field(default_factory=dict)  # label -> pks whose text must not appear
    pii: dict[str, set[int]] = field(default_factory=dict)  # label -> pks whose personal data must not appear
    foreign: dict[str, set[int]] = field(default_factory=dict)  # label -> other congresses' non-public pks
    allowed: dict[str, list[int]] = field(default_factory=dict)  # label -> a few pks the user may see


class Oracle:
    def __init__(self, home_congress_id: int):
        self.models = scoped_models()
        self.index = {m._meta.label: i for i, m in enumerate(self.models)}
        self.home = home_congress_id
        self._public: dict[str, set[int]] = {}
        for m in self.models:
            label = m._meta.label
            q = PUBLIC[label](m) if label in PUBLIC else _published_q(m)
            self._public[label] = (set(m.objects.filter(q).values_list("pk", flat=True).distinct())
                                   if q is not None else set())

    def is_public(self, label: str, pk: int) -> bool:
        return pk in self._public[label]

    def verdicts(self, user) -> Verdicts:
        v = Verdicts()
        signed_in = user is not None and user.is_authenticated
        for m in self.models:
            label = m._meta.label
            rows = dict(m.objects.values_list("pk", "congress_id"))
            public = self._public[label]
            own = {pk for pk, c in rows.items() if signed_in and c == user.congress_id}
            foreign = {pk for pk in rows if pk not in own and pk not in public}
            visible = set(own)
            if signed_in and ORACLE.get(label) is not None:
                q = ORACLE[label](user)
                visible = set(m.objects.filter(q).filter(congress_id=user.congress_id)
                              .values_list("pk", flat=True).distinct()) if q is not None else set()
            v.foreign[label] = foreign
            v.allowed[label] = sorted(visible)[:MAX_ALLOWED]
            if markable_fields(m):
                v.leak[label] = {pk for pk in rows if pk not in visible and pk not in public}
            if pii_fields(m):
                rule = PII_ALLOWED.get(label)
                ok = set()
                if rule is not None and signed_in:
                    ok = {o.pk for o in m.objects.filter(pk__in=own) if rule(user, o)}
                v.pii[label] = set(rows) - ok
        return v

    def label_of(self, idx: int) -> str | None:
        return self.models[idx]._meta.label if 0 <= idx < len(self.models) else None


# ---- 4. routes ------------------------------------------------------------------------------------------------
@dataclass
class Param:
    name: str
    kind: str  # "int", "year", "choice", "code", "word"
    choices: tuple[str, ...] = ()


@dataclass
class Route:
    parts: list  # str literals and Param
    name: str
    app: str  # app label the route belongs to ("api" routes: the router's app)
    api: bool

    @property
    def template(self) -> str:
        return "/" + "".join(p if isinstance(p, str) else f"<{p.name}>" for p in self.parts)

    @property
    def int_params(self) -> list[Param]:
        return [p for p in self.parts if isinstance(p, Param) and p.kind == "int"]


_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _parse_route(route: str) -> list:
    parts, pos = [], 0
    for m in _ROUTE_PARAM.finditer(route):
        parts.append(route[pos:m.start()])
        conv, name = m.group("conv") or "str", m.group("name")
        if conv == "int" and name == "year":
            parts.append(Param(name, "year"))
        elif conv == "int":
            parts.append(Param(name, "int"))
        elif conv == "str" and (name in ("id", "pk") or name.endswith("_id")):
            # ninja's `{report_id}` is a plain <report_id> (the int is checked by the view's signature): it is a key
            # all the same, so it is tried with real ids of every congress, not only with a word
            parts.append(Param(name, "int"))
        elif name in ("code",):
            parts.append(Param(name, "code"))
        else:
            parts.append(Param(name, "word"))
        pos = m.end()
    parts.append(route[pos:])
    return parts


def _parse_regex(rx: str) -> list | None:
    """A regex URL pattern as literals and named groups; None when it is not of that simple form."""
    rx = rx.lstrip("^").rstrip("$").replace(r"\Z", "")
    parts, buf, i = [], "", 0
    while i < len(rx):
        c = rx[i]
        if rx.startswith("(?P<", i):
            end_name = rx.index(">", i)
            name = rx[i + 4:end_name]
            depth, j = 1, end_name + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(rx[j], 0)
                j += 1
            group = rx[end_name + 1:j - 1]
            parts.append(buf)
            buf = ""
            if group in ("[0-9]+", r"\d+"):
                parts.append(Param(name, "int"))
            elif re.fullmatch(r"\[0-9\]\{4\}|\\d\{4\}", group):
                parts.append(Param(name, "year"))
            elif re.fullmatch(r"[\w-]+(\|[\w-]+)+", group):
                parts.append(Param(name, "choice", tuple(group.split("|"))))
            elif name == "code":
                parts.append(Param(name, "code"))
            else:
                parts.append(Param(name, "word"))
            i = j
        elif c == "\\" and i + 1 < len(rx):
            buf += rx[i + 1]
            i += 2
        elif c in "()[]{}*+?|":
            return None
        else:
            buf += c
            i += 1
    parts.append(buf)
    return parts


def _walk(patterns, prefix: list, namespace: str | None, out: list, skipped: list) -> None:
    for p in patterns:
        pat = p.pattern
        raw = str(pat)
        if hasattr(pat, "_route"):
            parts = _parse_route(raw)
        else:
            parts = _parse_regex(raw)
            if parts is None:
                skipped.append((raw, "regex too complex to instantiate"))
                continue
        if isinstance(p, URLResolver):
            _walk(p.url_patterns, prefix + parts, p.namespace or namespace, out, skipped)
        elif isinstance(p, URLPattern):
            out.append((prefix + parts, namespace, p))


def enumerate_routes(urlconf=None) -> tuple[list[Route], list[tuple[str, str]]]:
    """Every URL pattern of the project (the ninja API included: its routes are URL patterns too)."""
    raw, skipped = [], []
    _walk(get_resolver(urlconf).url_patterns, [], None, raw, skipped)
    routes = []
    for parts, ns, p in raw:
        merged: list = []
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            elif part != "":
                merged.append(part)
        text = "".join(x for x in merged if isinstance(x, str))
        api = text.startswith("api/")
        if api:
            seg = [s for s in text.split("/") if s]
            app = seg[2] if len(seg) > 2 else "core"
        else:
            app = ns or (p.lookup_str.split(".")[1] if p.lookup_str.startswith("renda.")
                         else p.lookup_str.split(".")[0])
        routes.append(Route(merged, p.name or p.lookup_str, app, api))
    return routes, skipped


# ---- 5. the probe ---------------------------------------------------------------------------------------------
@dataclass
class Finding:
    who: str
    url: str
    status: int
    problem: str
    context: str = ""

    def __str__(self) -> str:
        where = f"\n      …{self.context}…" if self.context else ""
        return f"[{self.who}] GET {self.url} → {self.status}: {self.problem}{where}"


@dataclass
class ProbeUser:
    key: str  # e.g. "office", "anonymous"
    user: object | None
    token: str | None = None
    web: Client | None = None
    api: Client | None = None


def body_text(resp) -> str:
    data = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    texts = [data.decode("utf-8", "replace")]
    if data[:4] == b"PK\x03\x04":  # .docx / .xlsx / zip bundles: scan every part
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist()[:200]:
                    texts.append(zf.read(info).decode("utf-8", "replace"))
        except zipfile.BadZipFile:
            pass
    texts.extend(f"{k}: {v}" for k, v in resp.items())
    return "\n".join(texts)


class Probe:
    def __init__(self, oracle: Oracle, routes: list[Route], *, learners: list[ProbeUser]):
        self.oracle = oracle
        self.routes = routes
        self.learners = learners
        self.mapping: dict[str, str | None] = {}  # route template -> model label of its first int param
        self.requests = 0
        self.skipped: list[tuple[str, str]] = []
        self.by_app: dict[str, list[str]] = defaultdict(list)
        for m in oracle.models:
            self.by_app[m._meta.app_label].append(m._meta.label)

    # -- requests --
    def get(self, pu: ProbeUser, route: Route, url: str):
        self.requests += 1
        client = pu.api if route.api and pu.api is not None else pu.web
        return client.get(url)

    def _fill(self, route: Route, values: dict[str, str]) -> str:
        return "/" + "".join(p if isinstance(p, str) else values[p.name] for p in route.parts)

    # -- learning the model behind each int parameter --
    def _candidates(self, route: Route, param: Param) -> list[str]:
        if route.app in self.by_app:
            labels = list(dict.fromkeys(self.by_app[route.app] + self.by_app["core"]))
        else:  # a view outside the apps: any model
            labels = [m._meta.label for m in self.oracle.models]
        before = route.template.split(f"<{param.name}>")[0].rstrip("/").split("/")[-1]
        hint = f"{before} {param.name}".replace("_id", "").replace("pk", "").lower()

        def score(label):
            name = label.split(".")[1].lower()
            return -max(SequenceMatcher(None, name, w.rstrip("s")).ratio() for w in hint.split() or [""])
        return sorted(labels, key=score)

    def _defaults(self, route: Route, codes: list[str]) -> list[dict[str, str]]:
        """Values for the non-int parameters: every choice, the congresses' codes, a year, a word."""
        combos = [{}]
        for p in route.parts:
            if not isinstance(p, Param) or p.kind == "int":
                continue
            if p.kind == "choice":
                opts = list(p.choices)
            elif p.kind == "code":
                opts = codes
            elif p.kind == "year":
                opts = ["2026"]
            else:
                opts = ["x"]
            combos = [{**c, p.name: o} for c in combos for o in opts]
        return combos

    def _secondary(self, route: Route, label: str, pk: int, param: Param) -> list[str]:
        """Ids for a second int parameter: rows of the model its name suggests, related to the first when possible."""
        model = apps.get_model(label)
        guess = self._candidates(route, param)[0]
        target = apps.get_model(guess)
        fk = next((f.name for f in target._meta.concrete_fields
                   if isinstance(f, models.ForeignKey) and f.related_model is model), None)
        qs = target.objects.filter(**{fk: pk}) if fk else target.objects.filter(congress_id=self.oracle.home)
        ids = list(qs.order_by("pk").values_list("pk", flat=True)[:2])
        return [str(i) for i in ids] or [str(self.oracle.index[guess] * ID_STEP + ID_STEP)]

    def learn(self, codes: list[str]) -> None:
        for route in self.routes:
            ints = route.int_params
            if not ints:
                continue
            first = ints[0]
            found = None
            for label in self._candidates(route, first):
                model = apps.get_model(label)
                pk = model.objects.filter(congress_id=self.oracle.home).order_by("pk").values_list("pk", flat=True)
                pk = next(iter(pk[:1]), None)
                if pk is None:
                    continue
                values = self._defaults(route, codes)[0]
                values[first.name] = str(pk)
                for extra in ints[1:]:
                    values[extra.name] = self._secondary(route, label, pk, extra)[0]
                url = self._fill(route, values)
                for pu in self.learners:
                    status = self.get(pu, route, url).status_code
                    if status in (200, 302, 403):  # 403: the row exists (ids are unique), the learner may not
                        found = label
                        break
                    if status == 405:
                        break
                if found or status == 405:
                    break
            self.mapping[route.template] = found
            if found is None:
                self.skipped.append((route.template, "no GET answer 200/302 for any candidate model (POST-only "
                                                     "or not readable by the learners); probed with sampled ids"))

    # -- the run --
    def _ids_for(self, label: str | None, v: Verdicts) -> list[int]:
        if label is None:  # unmapped: one forbidden and one allowed row of every candidate model
            out = []
            for lab in v.leak:
                out += sorted(v.leak[lab])[:1] + v.allowed.get(lab, [])[:1]
            return out[:40]
        own = self.oracle.home
        model = apps.get_model(label)
        congress_of = dict(model.objects.values_list("pk", "congress_id"))
        forb = sorted(v.leak.get(label, set()) | v.pii.get(label, set()) | v.foreign.get(label, set()))
        other = [pk for pk in forb if congress_of[pk] != own][:MAX_FORBIDDEN_PER_KIND]
        inside = [pk for pk in forb if congress_of[pk] == own][:MAX_FORBIDDEN_PER_KIND]
        if not forb:  # nothing forbidden: still look at another congress's row (public) and own rows
            other = [pk for pk, c in congress_of.items() if c != own][:1]
        return list(dict.fromkeys(other + inside + v.allowed.get(label, [])))

    def run(self, pu: ProbeUser, codes: list[str], *, superuser_admin_exempt: bool = True) -> list[Finding]:
        counts_before = table_counts()
        findings = self._walk(pu, codes, superuser_admin_exempt=superuser_admin_exempt)
        # No GET writes: the walk requests every page and API route with GET only, so no table may have changed
        # (bookkeeping of sign-in, sessions and the audit of downloads aside).
        counts_after = table_counts()
        for label, before in counts_before.items():
            if counts_after.get(label) != before:
                findings.append(Finding(pu.key, "(GET only)", 0,
                                        f"a GET changed the rows of {label}: {before} → {counts_after.get(label)}"))
        return findings

    def _walk(self, pu: ProbeUser, codes: list[str], *, superuser_admin_exempt: bool = True) -> list[Finding]:
        v = self.oracle.verdicts(pu.user)
        findings: list[Finding] = []
        seen_urls: set[str] = set()
        self.stats = {"requests": 0, "ok": 0, "markers_seen": 0, "no_get": 0}
        for route in self.routes:
            combos = self._defaults(route, codes)
            ints = route.int_params
            label = self.mapping.get(route.template) if ints else None
            urls = []
            if not ints:
                urls = [self._fill(route, c) for c in combos]
            else:
                first = ints[0]
                for pk in self._ids_for(label, v):
                    if not isinstance(pk, int):
                        continue  # a random key (anonymous ballots) is never an <int:…> of a web address
                    for c in combos[:3]:
                        values = dict(c)
                        values[first.name] = str(pk)
                        row_label = label or self.oracle.label_of(pk // ID_STEP - 1)
                        for extra in ints[1:]:
                            values[extra.name] = self._secondary(route, row_label, pk, extra)[0] if row_label \
                                else "1"
                        urls.append((self._fill(route, values), row_label, pk))
                urls = list(dict.fromkeys(urls))
            for item in urls:
                url, row_label, pk = item if isinstance(item, tuple) else (item, None, None)
                if url in seen_urls:
                    continue
                seen_urls.add(url)
                resp = self.get(pu, route, url)
                self.stats["requests"] += 1
                status = resp.status_code
                if status >= 500:
                    findings.append(Finding(pu.key, url, status, "server error"))
                    continue
                if status == 405:  # the route takes no GET (decided by its method, not by the row): skip its rest
                    self.stats["no_get"] += 1
                    break
                if status == 200:
                    self.stats["ok"] += 1
                exempt_admin = (superuser_admin_exempt and url.startswith("/admin/") and pu.user is not None
                                and pu.user.is_superuser)
                if (200 <= status < 300 and row_label and not exempt_admin
                        and pk in v.foreign.get(row_label, set())):
                    findings.append(Finding(pu.key, url, status,
                                            f"answers for {row_label} #{pk} of another congress (not public)"))
                text = body_text(resp)
                for m in MARKER_RE.finditer(text):
                    kind, idx, mpk = m.group(1), int(m.group(2)), int(m.group(3))
                    lab = self.oracle.label_of(idx)
                    if lab is None:
                        continue
                    self.stats["markers_seen"] += 1
                    if kind == "pii":
                        if route.api:
                            problem = f"personal data of {lab} #{mpk} in an API response"
                        elif mpk in v.pii.get(lab, set()):
                            problem = f"personal data of {lab} #{mpk}"
                        else:
                            continue
                    elif mpk in v.leak.get(lab, set()):
                        if exempt_admin and mpk in v.foreign.get(lab, set()):
                            continue
                        problem = f"text of {lab} #{mpk} ({m.group(0)})"
                    else:
                        continue
                    snippet = re.sub(r"\s+", " ", text[max(0, m.start() - 90):m.end() + 40])
                    findings.append(Finding(pu.key, url, status, problem, snippet))
        # one finding per (url, problem) is enough
        return list({(f.url, f.problem): f for f in findings}.values())


# ---- 6. the admin site, walked by a congress's own administrator ----------------------------------------------
# The admin site (renda/core/admin.py) limits a congress's administrator (staff, not superuser) to its congress: the
# walk requests, for every registered ModelAdmin, the list (plain, searched for the markers, filtered by another
# congress), the add page (its choices), the change, history and delete-confirmation pages of rows of its own and of
# every other congress (and of superusers), the autocomplete of every autocomplete field and the index, and fails on
# a 5xx, a 2xx for a row it must not reach, a marker of another congress's row (public ones too: the portal shows
# them, the admin site must not) or of a superuser, and on any personal data.
#
# How a registered model that is not CongressScoped names its congress; models in neither are global tables that a
# congress's administrator must not reach at all (every row counts as foreign).
ADMIN_CONGRESS_OF = {
    "core.Congress": "pk", "core.User": "congress_id", "core.ApiToken": "user__congress_id", "core.AuditEvent": "chain",
    "core.HolidayDate": "congress_id", "accounts.LoginSession": "user__congress_id",
    "accounts.TotpDevice": "user__congress_id",
}
ADMIN_SUPERUSER_OF = {"core.User": "is_superuser", "core.ApiToken": "user__is_superuser",
                      "accounts.LoginSession": "user__is_superuser", "accounts.TotpDevice": "user__is_superuser"}
# Rows without planted markers get one for the walk (in the walking test's own transaction, rolled back): the text
# their lists and choices show.
ADMIN_MARKED = {"core.User": "display_name", "core.ApiToken": "name", "core.AuditEvent": "object_repr",
                "core.Congress": "short_name", "core.HolidayDate": "name"}
ADMIN_MARKER_RE = re.compile(r"zqadm(\d{2})n(\d+)q")
ADMIN_PER_CONGRESS = 1  # rows per other congress (and per own congress) whose pages are requested


def plant_admin_markers() -> None:
    for i, (label, name) in enumerate(ADMIN_MARKED.items()):
        prefix = Concat(Value(f"zqadm{i:02d}n"), Cast(F("pk"), CharField()), Value("q"), output_field=CharField())
        apps.get_model(label).objects.update(**{name: prefix})


def _admin_lookup(model) -> str | None:
    label = model._meta.label
    if label in ADMIN_CONGRESS_OF:
        return ADMIN_CONGRESS_OF[label]
    return "congress_id" if issubclass(model, CongressScoped) else None


def _forbidden_admin_rows(model, own: int) -> tuple[list[int], list[int]]:
    """(own rows, rows the administrator must not reach): a few of each other congress, a superuser's."""
    lookup = _admin_lookup(model)
    qs = model.objects.order_by("pk")
    if lookup is None:
        return [], list(qs.values_list("pk", flat=True)[:ADMIN_PER_CONGRESS])
    hidden = ADMIN_SUPERUSER_OF.get(model._meta.label)
    mine = qs.filter(**{lookup: own})
    if hidden:
        mine = mine.filter(**{hidden: False})
    forbidden = []
    for value in qs.exclude(**{lookup: own}).values_list(lookup, flat=True).distinct().order_by():
        rows = qs.filter(**{lookup: value}) if value is not None else qs.filter(**{f"{lookup}__isnull": True})
        forbidden += rows.values_list("pk", flat=True)[:ADMIN_PER_CONGRESS]
    if hidden:
        forbidden += qs.filter(**{hidden: True}).values_list("pk", flat=True)[:ADMIN_PER_CONGRESS]
    return list(mine.values_list("pk", flat=True)[:ADMIN_PER_CONGRESS]), sorted(set(forbidden))


class _RowCongress:
    """Whether a marked row may appear on an admin page for a congress's administrator (lazily, per model)."""

    def __init__(self, own: int):
        self.own = own
        self._allowed: dict[str, set[int]] = {}

    def allowed(self, model, pk: int) -> bool:
        label = model._meta.label
        if label not in self._allowed:
            lookup = _admin_lookup(model)
            qs = model.objects.all()
            if lookup is None:
                qs = qs.none()
            else:
                qs = qs.filter(**{lookup: self.own})
                hidden = ADMIN_SUPERUSER_OF.get(label)
                if hidden:
                    qs = qs.filter(**{hidden: False})
            self._allowed[label] = set(qs.values_list("pk", flat=True))
        return pk in self._allowed[label]


def admin_walk(pu: ProbeUser, *, labels: list[str] | None = None) -> list[Finding]:
    """Walk /admin/ as `pu` (a congress's administrator) — see the comment above. Sets `admin_walk.stats`."""
    from django.contrib import admin as django_admin

    own = pu.user.congress_id
    scoped = scoped_models()
    marked = [apps.get_model(label) for label in ADMIN_MARKED]
    rows = _RowCongress(own)
    other_congress = next(iter(apps.get_model("core.Congress").objects.exclude(pk=own).values_list("pk", flat=True)))
    findings: list[Finding] = []
    stats = {"requests": 0, "ok": 0, "own_markers": 0}
    admin_walk.stats = stats

    def check(url: str, *, row: tuple[str, int] | None = None) -> None:
        resp = pu.web.get(url)
        stats["requests"] += 1
        status = resp.status_code
        if status >= 500:
            findings.append(Finding(pu.key, url, status, "server error"))
            return
        if status == 200:
            stats["ok"] += 1
        if row is not None and 200 <= status < 300:
            findings.append(Finding(pu.key, url, status, f"answers for {row[0]} #{row[1]}, not its congress's"))
        text = body_text(resp)
        for m in MARKER_RE.finditer(text):
            kind, idx, pk = m.group(1), int(m.group(2)), int(m.group(3))
            if not 0 <= idx < len(scoped):
                continue
            model = scoped[idx]
            if kind == "pii":
                problem = f"personal data of {model._meta.label} #{pk}"
            elif rows.allowed(model, pk):
                stats["own_markers"] += 1
                continue
            else:
                problem = f"text of {model._meta.label} #{pk} of another congress ({m.group(0)})"
            snippet = re.sub(r"\s+", " ", text[max(0, m.start() - 90):m.end() + 40])
            findings.append(Finding(pu.key, url, status, problem, snippet))
        for m in ADMIN_MARKER_RE.finditer(text):
            idx, pk = int(m.group(1)), int(m.group(2))
            if not 0 <= idx < len(marked):
                continue
            if rows.allowed(marked[idx], pk):
                stats["own_markers"] += 1
                continue
            snippet = re.sub(r"\s+", " ", text[max(0, m.start() - 90):m.end() + 40])
            findings.append(Finding(pu.key, url, status,
                                    f"{marked[idx]._meta.label} #{pk} of another congress or a superuser", snippet))

    check("/admin/")
    for model, model_admin in django_admin.site._registry.items():
        label = model._meta.label
        if labels is not None and label not in labels:
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        check(base)
        check(base + "?q=zq")
        if _admin_lookup(model) == "congress_id":
            check(base + f"?congress__id__exact={other_congress}")
        check(base + "add/")
        mine, forbidden = _forbidden_admin_rows(model, own)
        for pk in mine:
            for suffix in ("change/", "history/", "delete/"):
                check(f"{base}{pk}/{suffix}")
        for pk in forbidden:
            for suffix in ("change/", "history/", "delete/"):
                check(f"{base}{pk}/{suffix}", row=(label, pk))
        for field_name in model_admin.autocomplete_fields:
            for term in ("", "zq"):
                check(f"/admin/autocomplete/?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                      f"&field_name={field_name}&term={term}")
    return list({(f.url, f.problem): f for f in findings}.values())


# Tables a GET may touch: who signed in, their sessions and lock-out counters, the audit of sign-in, the task queue.
GET_BOOKKEEPING = {"core.auditevent", "core.audithead", "accounts.loginsession", "accounts.loginthrottle",
                   "sessions.session", "django_tasks_db.dbtaskresult", "admin.logentry"}


def table_counts() -> dict[str, int]:
    """Rows per table of every installed model (bookkeeping tables aside)."""
    from django.apps import apps as django_apps

    out = {}
    for model in django_apps.get_models():
        label = model._meta.label_lower
        if label in GET_BOOKKEEPING or model._meta.proxy or not model._meta.managed:
            continue
        out[label] = model._base_manager.count()
    return out

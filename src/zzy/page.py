"""The year on one page (SPEC section 9): ``summary --year Y --output FILE.html``.

One self-contained HTML file, made from the reports' JSON documents (SPEC section 6): the
year's figures, the reminder list as of the reference date, the roster, and a timeline with
one line per organizer.  Jinja2 writes it with autoescape on, so every name and title the
clerk typed stays text; the chart is inline SVG whose geometry is computed here; the styles
are inline and the fonts are the reader's own.  Nothing on the page refers to another file
or to the network, and it is laid out for A4 paper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from zzy import dates
from zzy.choices import EndReason, PostKind, Rank, Severity, TrainingKind, TrialResult, label_or_text, post_title
from zzy.figures import summary_rows
from zzy.profile import count_text, shipped
from zzy.report_types import json_text

if TYPE_CHECKING:
    from jinja2 import Environment

    from zzy.profile import Profile, Rotation

# -- the timeline's geometry, in SVG user units (the chart is scaled to the page's width) -----

CHART_WIDTH = 720  # about the printed width in CSS pixels, so that 10 units read as 10 px
NAME_WIDTH = 84  # name and 工号, left of the plot
NOTE_WIDTH = 118  # the day eight years fall due, right of the plot
PLOT_LEFT = NAME_WIDTH
PLOT_RIGHT = CHART_WIDTH - NOTE_WIDTH
AXIS_HEIGHT = 24
LINE_HEIGHT = 32
FULL_LANE = (4, 15)  # 专职: offset from the line's top, height
PART_LANE = (21, 9)  # 兼职: a lane below, so that a person's two posts never hide each other
CHARACTER = 10.5  # the width of a Chinese character in a bar's label
#: Lines per chart block: each block keeps its own month axis and is never split across pages.
LINES_PER_BLOCK = 24

FONT_FAMILY = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
               '"Microsoft YaHei", "WenQuanYi Micro Hei", "SimHei", sans-serif')


def year_page(*, committee: str, summary: Mapping[str, Any], reminders: Mapping[str, Any],
              roster: Mapping[str, Any], generated_on: date, named: Mapping[str, Sequence[str]] | None = None,
              profile: Profile | None = None) -> str:
    """The page for ``summary``'s year, as one HTML document, ending in a block for the signatures of
    whoever drew it up and whoever checked it (制表人、审核人、日期).

    ``summary``, ``reminders`` and ``roster`` are the documents ``summary``, ``remind`` and
    ``roster`` print with ``--format json`` (dates may be ``date`` objects or ISO strings).
    Roster rows may also carry ``end_reason``, shown beside the leave on the timeline.  ``named``: who
    the figures are about (``incompetent``, ``unmet_targets``: ``姓名(工号)`` each).  ``profile``: the rules
    profile's version the page's reference date uses (the shipped one when not given), whose title the page
    names and whose articles and numbers it cites.
    """
    profile = profile or shipped()
    summary, reminders, roster = (_as_json(document) for document in (summary, reminders, roster))
    year = int(summary["year"])
    org_names = _org_names(roster["rows"], reminders["findings"])
    lines = timeline_lines(roster["rows"])
    return environment().get_template("year_page.html").render(
        committee=committee,
        year=year,
        as_of=reminders["as_of"],
        roster_as_of=roster["as_of"],
        generated_on=generated_on.isoformat(),
        font_family=FONT_FAMILY,
        figures=figures(summary, org_names, named or {}, profile=profile),
        regulation=profile.title,
        trainings=[_training_row(t) for t in summary["trainings"]],
        within_days=reminders["within_days"],
        severity_counts=[(s.value, s.label, sum(1 for f in reminders["findings"] if f["severity"] == s.value))
                         for s in Severity],
        findings=finding_groups(reminders["findings"]),
        finding_count=len(reminders["findings"]),
        roster_rows=[_roster_row(r) for r in roster["rows"]],
        roster_groups=roster_groups(roster["rows"]),
        chart=timeline(lines, year=year, marked=_day(reminders["as_of"]), rotation=profile.rotation),
        organizers=len(lines),
    )


def environment() -> Environment:
    """The Jinja2 environment of zzy's pages (this one and :mod:`zzy.report_page`): the package's templates,
    autoescape on (a name the clerk typed stays text), an undefined name an error."""
    from jinja2 import Environment, PackageLoader, StrictUndefined  # start-up

    made = Environment(loader=PackageLoader("zzy", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    made.filters["whole"] = whole
    return made


#: A date, a 工号, a code or a number inside a sentence: printed on one line, never broken.
_WHOLE = re.compile(r"[0-9A-Za-z#][0-9A-Za-z#\-:.]*[0-9A-Za-z]|[0-9A-Za-z]")


def whole(text: Any) -> Any:
    """``text`` escaped, with each date, 工号 and code in a span the browser never breaks."""
    from markupsafe import Markup, escape  # start-up

    raw, pieces, at = "" if text is None else str(text), [], 0
    for found in _WHOLE.finditer(raw):
        pieces += [str(escape(raw[at:found.start()])), f'<span class="whole">{escape(found.group(0))}</span>']
        at = found.end()
    return Markup("".join([*pieces, str(escape(raw[at:]))]))


def _as_json(document: Mapping[str, Any]) -> Any:
    """The document exactly as ``--format json`` prints it: ISO dates, English keys."""
    return json.loads(json_text(document))


def _day(value: str | None) -> date | None:
    return dates.parse_date(value) if value else None


def _org_names(rows: Iterable[Mapping[str, Any]], findings: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    names = {f["org"]: f["org_name"] for f in findings if f["org"] and f["org_name"]}
    names.update((r["org"], r["org_name"]) for r in rows)
    return names


# -- the year's figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One number of the year, its caption and a line that explains it."""

    label: str
    value: int
    note: str
    alert: bool = False


def zero_notes(profile: Profile) -> dict[str, str]:
    """What a figure of zero means, said on its card (a zero is a finding too, or its absence), citing the
    rules profile's articles."""
    return {
        "organizers": "该年没有任职记录",
        "vacancies": f"年底每个党组织都有在任的专职组织员({profile.staffing.cite})",
        "trainings": f"该年没有登记培训或工作交流,未达到{profile.training.cite}每年至少"
                     f"{count_text(profile.training.per_year)}次的要求",
        "reports": f"该年没有登记工作汇报({profile.reporting.cite}每6个月至少一次)",
        "assessments": f"该年没有登记年度考核({profile.assessment.cite})",
        "commendations": f"该年没有表彰({profile.assessment.cite})",
        "targets": f"该年没有到期的工作目标({profile.targets.cite})",
    }


#: What a zero means under the shipped profile (this college's articles).
ZERO_NOTES = zero_notes(shipped())


def figures(summary: Mapping[str, Any], org_names: Mapping[str, str],
            named: Mapping[str, Sequence[str]] | None = None, *, profile: Profile | None = None) -> list[Figure]:
    """The summary's numbers as its table shows them, each card naming whom it is about (the vacant orgs,
    those graded 不称职, the unmet targets) and saying what a zero means; what needs action stands out."""
    profile = profile or shipped()
    zero = zero_notes(profile)
    named = named or {}
    unfit, unmet = list(named.get("incompetent", ())), list(named.get("unmet_targets", ()))
    alerts = {"vacancies": bool(summary["vacancies_at_year_end"]), "trainings": not summary["training_requirement_met"],
              "assessments": bool(unfit), "targets": bool(unmet)}
    whom = {"vacancies": "年底空缺: ", "assessments": "不称职: ", "targets": "未完成: "}
    people = {"assessments": unfit, "targets": unmet}
    cards = []
    for row in summary_rows(summary, org_names=org_names, profile=profile):
        key, note = row.key, row.note
        if row.value == 0:
            note = zero[key]
        elif people.get(key):
            note = f"{note};{whom[key]}{'、'.join(people[key])}"
        elif key == "vacancies":
            note = whom[key] + note
        cards.append(Figure(row.item, row.value, note, alerts.get(key, False)))
    return cards


def _training_row(training: Mapping[str, Any]) -> dict[str, Any]:
    return {"date": training["date"], "title": training["title"], "kind": TrainingKind(training["kind"]).label,
            "host": training["host_name"], "attendees": training["attendees"],
            "counts": "是" if training["counts"] else "否"}


# -- the reminder list and the roster, in Chinese ------------------------------------------


def finding_groups(findings: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The reminder list with the findings of one kind and severity in one row (in the list's order of their
    first), each row listing whom it is about, with their org, due date and days left; a row of one finding
    keeps its message, a row of several says how many."""
    from zzy.rules import article_name, finding_label  # start-up

    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for finding in findings:
        group = groups.setdefault((finding["severity"], finding["kind"]), {
            "severity": finding["severity"], "severity_label": Severity(finding["severity"]).label,
            "article": article_name(finding["article"]), "kind": finding_label(finding["kind"]), "entries": [],
            "message": finding["message"]})
        group["entries"].append({
            "name": finding["name"] or "", "staff_no": finding["staff_no"] or "", "org": finding["org_name"] or "",
            "due": finding["due"] or "", "days_left": "" if finding["days_left"] is None else finding["days_left"]})
    for group in groups.values():
        if len(group["entries"]) > 1:
            group["message"] = f"共 {len(group['entries'])} 项,各人(各党组织)的期限见左栏。"
    return list(groups.values())


def roster_groups(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The roster's rows under their org's name, orgs in the order the roster first lists them: the name
    heads its posts on a row of its own, across the table, so that it is never broken over lines."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["org_name"], []).append(_roster_row(row))
    return [{"org": org, "rows": posts} for org, posts in groups.items()]


def _roster_row(row: Mapping[str, Any]) -> dict[str, Any]:
    trial_result = ""
    if row["trial_end"]:
        trial_result = TrialResult(row["trial_result"]).label if row["trial_result"] else "待考核"
    return {"staff_no": row["staff_no"], "name": row["name"], "org": row["org_name"],
            "post": f"{PostKind(row['kind']).label}·{Rank(row['rank']).label}",
            "start": row["start"], "end": row["end"] or "", "trial_end": row["trial_end"] or "",
            "trial_result": trial_result,
            "party_full": row["party_full"] or "",
            "party_age": "" if row["party_age_years"] is None else row["party_age_years"],
            "tenure_start": row["tenure_start"] or "", "rotation_on": row["rotation_on"] or ""}


# -- the timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One organizer's posts in the year (roster rows, in roster order)."""

    staff_no: str
    name: str
    posts: list[Mapping[str, Any]] = field(default_factory=list)


def timeline_lines(rows: Iterable[Mapping[str, Any]]) -> list[Line]:
    """One line per organizer, in the order the roster first lists them (by org, then start)."""
    lines: dict[str, Line] = {}
    for row in rows:
        line = lines.setdefault(row["staff_no"], Line(row["staff_no"], row["name"]))
        line.posts.append(row)
    return list(lines.values())


@dataclass(frozen=True)
class Month:
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Bar:
    """A post, or its trial, clipped to the year."""

    x: float
    y: float
    width: float
    height: float
    kind: str
    text: str
    tooltip: str
    #: Where the text starts: after any marker that would cover it.
    text_x: float = 0.0


@dataclass(frozen=True)
class Marker:
    """A day on a line: a leave (``leave``) or the day eight years fall due (``rotation``)."""

    kind: str
    x: float
    y: float
    text: str
    tooltip: str
    #: Which side of the marker the text goes: ``start`` (right of it) or ``end`` (left of it).
    anchor: str


@dataclass(frozen=True)
class ChartLine:
    y: float
    name: str
    staff_no: str
    posts: list[Bar]
    trials: list[Bar]
    markers: list[Marker]
    note: str
    #: Whether the note's day has already come (the post may rotate now).
    note_past: bool = False


@dataclass(frozen=True)
class ChartBlock:
    """A part of the timeline small enough to stay on one printed page."""

    height: float
    lines: list[ChartLine]


@dataclass(frozen=True)
class Chart:
    width: int
    plot_left: int
    plot_right: int
    axis_height: int
    line_height: int
    months: list[Month]
    blocks: list[ChartBlock]
    #: The reference date's x, when it falls in the year.
    marked_x: float | None
    marked_label: str


class _Scale:
    """Days of one year onto the plot's width: Jan 1 at the left edge, the day after Dec 31 at the right."""

    def __init__(self, year: int) -> None:
        self.first = dates.year_start(year)
        self.after = dates.day_after(dates.year_end(year))
        self.days = dates.days_between(self.first, self.after)

    def x(self, day: date) -> float:
        day = min(max(day, self.first), self.after)
        return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * dates.days_between(self.first, day) / self.days, 1)

    def holds(self, day: date) -> bool:
        return self.first <= day < self.after


def timeline(lines: Sequence[Line], *, year: int, marked: date | None, rotation: Rotation | None = None) -> Chart:
    """The geometry of the timeline: month axis, then each organizer's posts, trials and markers."""
    scale = _Scale(year)
    months = []
    for month in range(1, 13):
        start = dates.add_months(scale.first, month - 1)
        x = scale.x(start)
        months.append(Month(x, round(scale.x(dates.add_months(start, 1)) - x, 1), f"{month}月"))
    rotation = rotation or shipped().rotation
    chart_lines = [_chart_line(line, AXIS_HEIGHT + (i % LINES_PER_BLOCK) * LINE_HEIGHT, scale, rotation)
                   for i, line in enumerate(lines)]
    blocks = [ChartBlock(AXIS_HEIGHT + len(part) * LINE_HEIGHT + 4, part)
              for part in (chart_lines[i:i + LINES_PER_BLOCK] for i in range(0, len(chart_lines), LINES_PER_BLOCK))]
    shown = marked is not None and scale.holds(marked)
    return Chart(CHART_WIDTH, PLOT_LEFT, PLOT_RIGHT, AXIS_HEIGHT, LINE_HEIGHT, months, blocks,
                 scale.x(marked) if shown and marked else None,
                 f"截至 {marked.isoformat()}" if shown and marked else "")


def _strips(rows: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """For each post, its strip of its kind's lane and how many strips that lane has: posts of one kind
    held at once (two part-time posts) share the lane side by side instead of hiding each other."""
    strip_of: dict[int, int] = {}
    strips_in: dict[str, int] = {}
    for kind in {row["kind"] for row in rows}:
        ends: list[date] = []  # the end of the last post in each strip
        for n, row in sorted(((n, row) for n, row in enumerate(rows) if row["kind"] == kind),
                             key=lambda item: item[1]["start"]):
            start, end = _day(row["start"]), _day(row["end"]) or date.max
            strip = next((s for s, last in enumerate(ends) if start and last <= start), len(ends))
            if strip == len(ends):
                ends.append(end)
            else:
                ends[strip] = end
            strip_of[n] = strip
        strips_in[kind] = len(ends)
    return [(strip_of[n], strips_in[row["kind"]]) for n, row in enumerate(rows)]


def _chart_line(line: Line, top: float, scale: _Scale, rotation: Rotation) -> ChartLine:
    posts, trials, markers = [], [], []
    rotation_due: date | None = None
    for row, (strip, strips) in zip(line.posts, _strips(line.posts), strict=True):
        kind = row["kind"]
        lane_offset, lane_full = FULL_LANE if kind == PostKind.FULL.value else PART_LANE
        lane_height = round(lane_full / strips, 1)
        y = round(top + lane_offset + strip * lane_height, 1)
        start, end = _day(row["start"]), _day(row["end"])
        assert start is not None
        x = scale.x(start)
        width = round(scale.x(end or scale.after) - x, 1)
        span = f"{row['start']} 至 {row['end'] or '今'}"
        posts.append(Bar(x, y, width, lane_height, kind, row["org_name"],
                         f"{row['org_name']} {post_title(kind, row['rank'])} {span}"))
        trial_end = _day(row["trial_end"])
        if trial_end is not None:
            trial_stop = min(trial_end, end) if end else trial_end
            trial_width = round(scale.x(trial_stop) - x, 1)
            if trial_width > 0:
                result = TrialResult(row["trial_result"]).label if row["trial_result"] else "待考核"
                trials.append(Bar(x, y, trial_width, lane_height, kind, "",
                                  f"试用期 {row['start']} 至 {row['trial_end']}({result})"))
        if end is not None and scale.holds(end):
            reason = row.get("end_reason")
            text = f"离任({label_or_text(EndReason, reason)})" if reason else "离任"
            markers.append(_marker("leave", scale.x(end), top, text, f"{row['org_name']} {text} {row['end']}"))
        rotation_on = _day(row["rotation_on"])
        if rotation_on is not None:
            if scale.holds(rotation_on) and (end is None or rotation_on <= end):
                markers.append(_marker("rotation", scale.x(rotation_on), top, f"满{rotation.years}年",
                                       f"{row['org_name']} 任专职满{rotation.years}年 {row['rotation_on']},"
                                       f"可交流轮岗({rotation.cite})"))
            if end is None:
                rotation_due = rotation_on
    markers = _placed(markers)
    posts = [_labelled(bar, markers) for bar in posts]
    note, past = "", False
    if rotation_due is not None:
        past = rotation_due < scale.first
        note = f"{'已满' if past else '满'}{rotation.years}年 {rotation_due.isoformat()}"
    return ChartLine(top, line.name, line.staff_no, posts, trials, markers, note, past)


def _marker(kind: str, x: float, top: float, text: str, tooltip: str) -> Marker:
    anchor = "end" if x > PLOT_RIGHT - 70 else "start"
    return Marker(kind, x, top, text, tooltip, anchor)


#: The width of a character in a marker's label (9.5 px): a Chinese one, and any other.
MARKER_WIDE, MARKER_NARROW = 9.5, 5.5


def label_span(marker: Marker) -> tuple[float, float]:
    """Where a marker's label lies on the line's lower row, from left to right (nothing when it has none)."""
    width = sum(MARKER_NARROW if character.isascii() else MARKER_WIDE for character in marker.text)
    gap = 5 if marker.kind == "rotation" else 4
    if not marker.text:
        return (marker.x, marker.x)
    if marker.anchor == "start":
        return (marker.x + gap, marker.x + gap + width)
    return (marker.x - gap - width, marker.x - gap)


def _placed(markers: Sequence[Marker]) -> list[Marker]:
    """The markers with labels that never collide: each on the side it prefers, else the other side, else
    none (its tooltip still says it); a label never runs off the chart."""
    placed = list(markers)
    taken: list[tuple[float, float]] = []
    for number, marker in sorted(enumerate(markers), key=lambda item: item[1].x):
        chosen = replace(marker, text="")
        for anchor in (marker.anchor, "end" if marker.anchor == "start" else "start"):
            tried = replace(marker, anchor=anchor)
            left, right = label_span(tried)
            if left >= 0 and right <= CHART_WIDTH and all(right + 3 <= lo or left >= hi + 3 for lo, hi in taken):
                chosen = tried
                taken.append((left, right))
                break
        placed[number] = chosen
    return placed


def _labelled(bar: Bar, markers: Sequence[Marker]) -> Bar:
    """The bar with its org's name placed clear of the markers on it (and, on the part-time lane, which is the
    markers' label row, clear of their labels), or without a name where none fits."""
    width = len(bar.text) * CHARACTER
    text_x = bar.x + 4
    blocked = [(marker.x - 2, marker.x + 2) for marker in markers]
    if bar.kind == PostKind.PART.value:
        blocked += [label_span(marker) for marker in markers if marker.text]
    for low, high in sorted(blocked):
        if low - 8 < text_x + width and text_x - 8 < high:
            text_x = max(text_x, high + 8)
    fits = text_x + width <= bar.x + bar.width - 4 and bar.height >= 8
    return replace(bar, text=bar.text if fits else "", text_x=round(text_x, 1))

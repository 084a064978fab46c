"""Report writers: every format for the seed's strong and weak answers, scored by the real rubric."""

from __future__ import annotations

import json
import re

import pytest
from report_factory import hand_report, scored_report, seed, strong_hand_report, strong_texts, weak_hand_report

from mockint.errors import MockintError
from mockint.output.common import RenderContext, mmss, section_status, sparkline
from mockint.output.html_report import render_html, transcript_tokens
from mockint.output.markdown import md_escape, render_markdown
from mockint.output.terminal import render_terminal_text, terminal_renderable
from mockint.output.writers import FORMATS, get_writer, write_report
from mockint.scoring.report import Flag, Report

EVIL = "<script>alert(1)</script> [bold]not bold[/bold] | `tick` **star**"


@pytest.fixture(scope="module")
def sc():
    return seed()


@pytest.fixture(scope="module")
def strong(sc) -> Report:
    return scored_report(sc, "strong")


@pytest.fixture(scope="module")
def weak(sc) -> Report:
    return scored_report(sc, "weak")


@pytest.fixture(scope="module")
def evil(sc) -> Report:
    """A transcript and flag quotes with HTML and rich markup in them."""
    texts = strong_texts(sc)
    texts["action"] = "I pulled the logs. " + EVIL + " I traced the failure."
    flag = Flag(code="we_language", section="action", message="Say I, not we " + EVIL, quote=EVIL)
    return hand_report(sc, texts, flags=[flag], fixes=["Fix " + EVIL])


def plain(report: Report, sc=None) -> str:
    return render_terminal_text(terminal_renderable(report, RenderContext(scenario=sc)), width=160)


# -- the registry ---------------------------------------------------------------------------------


def test_registry_names_and_extensions():
    assert FORMATS == ("terminal", "json", "md", "html", "all")
    assert {n: get_writer(n).extension for n in FORMATS[:-1]} == {"terminal": "txt", "json": "json", "md": "md", "html": "html"}
    with pytest.raises(MockintError, match=r"^--format: unknown format 'pdf'"):
        get_writer("pdf")


def test_write_all_formats(tmp_path, strong, sc):
    paths = write_report(strong, tmp_path, "all", scenario=sc)
    assert sorted(p.name for p in paths) == ["report.html", "report.json", "report.md", "report.txt"]
    assert not list(tmp_path.glob("*.tmp"))
    assert Report.model_validate_json((tmp_path / "report.json").read_text()) == strong
    assert write_report(strong, tmp_path / "only", ["md", "json"], scenario=sc) == [tmp_path / "only" / "report.md", tmp_path / "only" / "report.json"]


def test_helpers():
    assert [mmss(None), mmss(0), mmss(59.6), mmss(75.4), mmss(600)] == ["–", "0:00", "1:00", "1:15", "10:00"]
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([]) == ""
    assert md_escape("<b>|x|</b> [a](b) *c*") == "&lt;b&gt;\\|x\\|&lt;/b&gt; \\[a\\](b) \\*c\\*"


def test_section_status(strong):
    s = strong.sections[0].model_copy(update={"duration": 46.0, "target": 30.0, "present": True})
    assert section_status(s, 0.5) == ("over", "over by 16s")
    assert section_status(s.model_copy(update={"duration": 14.0}), 0.5) == ("under", "under by 16s")
    assert section_status(s.model_copy(update={"duration": 31.0}), 0.5) == ("ok", "on target")
    assert section_status(s.model_copy(update={"present": False}), 0.5)[0] == "missing"


# -- content of each format for the strong and the weak answer -----------------------------------


def test_strong_terminal(strong, sc):
    out = plain(strong, sc)
    assert strong.overall.verdict in out and f"{strong.overall.score:.0f}/100" in out
    for s in strong.sections:
        row = next(line for line in out.splitlines() if line.strip().startswith(s.title) and mmss(s.target) in line)
        assert mmss(s.duration) in row and f"{s.score:.0f}" in row
    for h in strong.sections[2].matched_phrases:  # action: I pulled, I traced, ...
        assert f"✓ {h.phrase}" in out
    for lens in strong.lenses:
        assert re.search(rf"{lens.principle}\s+{lens.verdict}", out)
    assert "WPM" in out and "fillers/min" in out
    for fix in strong.fixes[:3]:
        assert fix[:40] in " ".join(out.split())
    assert "\x1b[" not in out  # plain text when not a terminal


def test_weak_terminal(weak, sc):
    out = plain(weak, sc)
    flat = " ".join(out.split())
    assert weak.overall.verdict in ("Lean No Hire", "No Hire") and weak.overall.verdict in out
    esc = next(f for f in weak.flags if f.code == "escalation")
    assert esc.quote and f"“{esc.quote}”" in flat
    for code in ("escalation", "missing_scope_boundary", "no_quantified_result"):
        assert code in out
    for m in weak.sections[1].missed_phrases:  # task: not my team, no ticket, ...
        assert f"✗ {m}" in out


def test_terminal_shows_probes(sc):
    r = strong_hand_report(sc)
    out = " ".join(plain(r, sc).split())
    assert "How did you ensure the Platform team accepted and merged your fix?" in out
    assert "strong 88/100" in out


def test_markdown_tables(strong, weak, sc):
    md = render_markdown(strong, RenderContext(scenario=sc))
    assert f"## Verdict: {strong.overall.verdict} — {strong.overall.score:.0f}/100" in md
    assert "| Section | Time | Target | Status | Score | Phrases hit | Phrases missed |" in md
    action = strong.section("action")
    assert re.search(rf"\| \*\*Action\*\* \| {mmss(action.duration)} \| {mmss(action.target)} \| [^|]+ \| {action.score:.0f} \|", md)
    assert "✓ I pulled" in md
    for lens in strong.lenses:
        assert f"| {lens.principle} | **{lens.verdict}** |" in md
    wmd = render_markdown(weak, RenderContext(scenario=sc))
    esc = next(f for f in weak.flags if f.code == "escalation")
    assert re.search(rf"\| `escalation` \| {esc.section} \| [^|]+ \| “{re.escape(md_escape(esc.quote))}” \|", wmd)
    assert "✗ not my team" in wmd
    # every table row has as many cells as its header
    for block in re.findall(r"((?:^\|.*\|\n)+)", wmd, flags=re.M):
        rows = block.strip().splitlines()
        widths = {len(re.split(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, block


def test_html_content(strong, weak, sc):
    html = render_html(strong, RenderContext(scenario=sc, audio="answer.wav"))
    assert html.count("<script") == 3  # the words and audio JSON, and the player
    assert 'src="answer.wav"' in html
    assert "http://" not in html and "https://" not in html  # self-contained
    for s in strong.sections:
        assert f'id="sec-{s.key}"' in html
        assert '<span class="sec-name" style="--c: ' in html and f">{s.title}</span>" in html
    assert re.search(r'<rect x="[\d.]+" y="18" width="[\d.]+" height="26" fill="#', html)  # section bands
    assert html.count('class="band"') == sum(1 for s in strong.sections if s.present and s.start is not None)
    assert html.count('class="plan"') == html.count('class="target"') == 5  # the target row
    hit = strong.section("action").matched_phrases[0]
    assert f"✓ {hit.phrase}" in html
    assert 'class="w hit"' in html
    assert "Strong example" in html and "I pulled the webhook delivery logs to analyze failure patterns." in html
    for lens in strong.lenses:
        assert lens.principle in html
    whtml = render_html(weak, RenderContext(scenario=sc))
    assert weak.overall.verdict in whtml
    assert 'class="w flag"' in whtml
    esc = next(f for f in weak.flags if f.code == "escalation")
    assert f"<q>{esc.quote}</q>" in whtml
    assert "No audio was saved" in whtml


def test_html_word_times_match_transcript(strong):
    tokens = transcript_tokens(strong)
    assert len(tokens) == len(strong.transcript.words)
    assert [t["t"] for t in tokens] == [w.start for w in strong.transcript.words]
    action = strong.section("action")
    assert {t["section"] for t in tokens[action.word_range[0] : action.word_range[1]]} == {"action"}


def test_html_without_scenario_file(strong, caplog):
    r = strong.model_copy(update={"scenario": "no-such-scenario"})
    html = render_html(r)
    assert "Scenario file not found" in html
    assert any("no-such-scenario" in m for m in caplog.messages)


def test_html_embeds_audio(tmp_path, strong, sc):
    (tmp_path / "a.wav").write_bytes(b"RIFF0000WAVEfmt ")
    html = render_html(strong, RenderContext(scenario=sc, audio="a.wav", embed_audio=True, out_dir=tmp_path))
    assert 'src="data:audio/wav;base64,UklGRjAwMDBXQVZFZm10IA=="' in html


def test_html_links_absolute_audio_relative_to_output(tmp_path, strong, sc):
    (tmp_path / "turns").mkdir()
    (tmp_path / "turns" / "01 answer.wav").write_bytes(b"RIFF")
    html = render_html(strong, RenderContext(scenario=sc, audio=str(tmp_path / "turns" / "01 answer.wav"), out_dir=tmp_path))
    assert 'src="turns/01%20answer.wav"' in html


# -- untrusted text ------------------------------------------------------------------------------


def test_untrusted_text_is_inert_in_html(evil, sc):
    bad = sc.model_copy(update={"sections": [s.model_copy(update={"strong_example": s.strong_example + " <img src=x onerror=alert(2)>"}) for s in sc.sections]})
    html = render_html(evil, RenderContext(scenario=bad))
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert html.count("<script") == 3
    data = re.search(r'<script id="words-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "</" not in data and len(json.loads(data)) == len(evil.transcript.words)


def test_untrusted_text_is_inert_in_markdown(evil, sc):
    md = render_markdown(evil, RenderContext(scenario=sc))
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\[bold\\]not bold\\[/bold\\]" in md
    assert "\\| \\`tick\\` \\*\\*star\\*\\*" in md


def test_untrusted_text_is_text_in_terminal(evil, sc):
    out = " ".join(plain(evil, sc).split())
    assert "[bold]not bold[/bold]" in out
    assert "<script>alert(1)</script>" in out


def test_trends_in_all_formats(tmp_path, sc):
    from mockint.store.history import History

    home = tmp_path / "home"
    hist = History(home=home)
    reports = [weak_hand_report(sc, created_at="2026-11-20T09:00:00"), strong_hand_report(sc, created_at="2026-11-27T09:00:00")]
    folders = []
    for r, name in zip(reports, ("20261120-090000-x-mock", "20261127-090000-x-mock")):
        d = home / "sessions" / name
        d.mkdir(parents=True)
        hist.record(r, d)
        folders.append(d)
    attempts = hist.attempts(sc.id)
    paths = write_report(reports[1], folders[1], "all", history=attempts, scenario=sc)
    html = (folders[1] / "report.html").read_text()
    assert 'id="progress"' in html and "+47 vs last attempt" in html
    assert html.count('aria-label="score trend"') == 1 and "<polyline" in html
    md = (folders[1] / "report.md").read_text()
    assert "## Progress on this scenario" in md and "(+47 vs last attempt)" in md and "Score trend: `▄▇`" in md
    txt = (folders[1] / "report.txt").read_text()
    assert "+47 vs last attempt" in txt and "Progress on this scenario: ▄▇ 38 → 85 over 2 attempts" in txt
    assert len(paths) == 4


def test_no_speech_and_untimed_reports_render(tmp_path, sc):
    from mockint.scoring.rubric import score_answer
    from mockint.scoring.transcript import Transcript

    silent = score_answer(Transcript(text="", words=[], duration=3.0), sc, "sde2")
    write_report(silent, tmp_path / "silent", "all", scenario=sc)
    assert "no_speech" in (tmp_path / "silent" / "report.txt").read_text()
    assert "*(no speech)*" in (tmp_path / "silent" / "report.md").read_text()
    assert "Not heard in your answer." in (tmp_path / "silent" / "report.html").read_text()
    untimed = score_answer(Transcript.from_text(sc.weak_answer.text), sc, "senior")
    write_report(untimed, tmp_path / "untimed", "all", scenario=sc)
    html = (tmp_path / "untimed" / "report.html").read_text()
    assert "no word times" in html and 'class="band"' not in html and html.count('class="plan"') == 5
    assert "data-t=" not in html and "I escalated it" in html
    assert f"| **Task** | – | {mmss(untimed.section('task').target)} | missing | 0 |" in (tmp_path / "untimed" / "report.md").read_text()


def test_probe_audio_is_linked_or_embedded(tmp_path, sc):
    r = strong_hand_report(sc)  # its probe's audio is turns/02-probe.wav
    (tmp_path / "turns").mkdir()
    (tmp_path / "turns" / "02-probe.wav").write_bytes(b"RIFFprobe")
    assert 'class="probe-audio" controls preload="none" src="turns/02-probe.wav"' in render_html(r, RenderContext(scenario=sc, out_dir=tmp_path))
    embedded = render_html(r, RenderContext(scenario=sc, out_dir=tmp_path, embed_audio=True))
    assert 'src="data:audio/wav;base64,UklGRnByb2Jl"' in embedded


def test_fillers_marked_in_the_transcript(sc):
    texts = strong_texts(sc)
    texts["situation"] = "Um so I noticed a drop, you know, and you saw it too."
    r = hand_report(sc, texts)
    r = r.model_copy(update={"delivery": r.delivery.model_copy(update={"fillers": ["um", "you know"]})})
    marked = [t["text"] for t in transcript_tokens(r) if "filler" in t["cls"].split()]
    assert marked == ["Um", "you", "know,"]


def test_guided_section_audio_offsets(tmp_path, sc):
    """Each section plays from its own recording; offsets follow the session's join (max of recording, transcript)."""
    from mockint.output.session_audio import guided_section_audio

    r = strong_hand_report(sc)
    turns = [{"kind": "section", "key": "situation", "audio": "turns/01.wav", "duration": 20.0, "extra": {"redone": True}},
             {"kind": "section", "key": "situation", "audio": "turns/02.wav", "duration": 25.0, "transcript": "turns/02.json"},
             {"kind": "section", "key": "task", "audio": "turns/03.wav", "duration": 18.0},
             {"kind": "section", "key": "action", "audio": "turns/04.wav", "duration": 60.0},
             {"kind": "probe", "key": "merge-follow-through", "audio": "turns/05.wav", "duration": 9.0}]
    (tmp_path / "turns").mkdir()
    (tmp_path / "turns" / "02.json").write_text(json.dumps({"text": "x", "duration": 26.5}))
    turns = [{"index": i, "prompt": t["key"], **t} for i, t in enumerate(turns, 1)]  # a version-0 record: no timeline
    meta = {"id": "s", "scenario": sc.id, "mode": "guided", "level": "sde2", "started_at": "2026-11-27T09:30:00", "turns": turns}
    (tmp_path / "session.json").write_text(json.dumps(meta))
    assert guided_section_audio(tmp_path, r) == {"situation": ("turns/02.wav", 0.0), "task": ("turns/03.wav", 26.5), "action": ("turns/04.wav", 44.5)}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("kind", ["strong", "weak"])
def test_section_table_keeps_every_number_at_80_and_120_columns(sc, kind, width):
    """Issue 12: no `Ti…`, `0:…`, `Reflecti…`: the time bar shrinks before a number or a label is cut."""
    r = scored_report(sc, kind)
    text = render_terminal_text(terminal_renderable(r), width=width)
    lines = text.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    header = next(line for line in lines if line.split()[:3] == ["Section", "Time", "Target"])
    assert header.split()[-3:] == ["Status", "Score", "Phrases"]
    for s in r.sections:
        _, label = section_status(s, r.timing_tolerance)
        [row] = [line for line in lines if line.split()[:1] == [s.title] and mmss(s.target) in line]
        n_all = len(s.matched_phrases) + len(s.missed_phrases)
        cells = [mmss(s.duration), mmss(s.target), label, f"{s.score:.0f}", f"{len(s.matched_phrases)}/{n_all}"]
        assert all(c in row for c in cells) and "…" not in row, row
    bar = "│" in next(line for line in lines if line.split()[:1] == ["Situation"] and mmss(r.section("situation").target) in line)
    assert bar  # the bar (with the target mark) stays at 80 columns, only narrower


def test_a_notice_about_the_recording_is_shown_apart_from_the_red_flags(sc):
    """'unclear_english' says the transcript may not be what was said: it is a notice, not a red flag (✗)."""
    notice = Flag(code="unclear_english", message="This answer may not be what you said: few words per second.")
    red = Flag(code="we_language", section="action", message="Say what you did, with 'I'.", quote="we traced it")
    report = hand_report(sc, strong_texts(sc), flags=[notice, red])
    out = plain(report, sc)
    notices, _, red_flags = out.partition("Red flags")
    assert "Notices" in notices and "unclear_english" in notices and "✗ unclear_english" not in out
    assert "we_language" in red_flags and "unclear_english" not in red_flags
    md = render_markdown(report, RenderContext(scenario=sc))
    md_notices, _, md_red = md.partition("## Red flags")
    assert "## Notices" in md_notices and "unclear_english" in md_notices and "unclear_english" not in md_red
    assert "`we_language`" in md_red
    html = render_html(report, RenderContext(scenario=sc))
    html_notices, _, html_red = html.partition("<h2>Red flags</h2>")
    assert "<h2>Notices</h2>" in html_notices and 'class="flag-item notice"><code>unclear_english' in html_notices
    assert "unclear_english" not in html_red.split("</section>")[0] and "we_language" in html_red
    # without a notice, no Notices section
    assert "Notices" not in plain(hand_report(sc, strong_texts(sc), flags=[red]), sc)

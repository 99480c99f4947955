"""Render docs/benchmarks.md from the JSON the benchmarks wrote, so the numbers match.

.venv/bin/python benchmarks/report.py STORAGE.json UI.json STARTUP.json TYPING.json \
    REPORT.json TRENDS.json [PACKAGE.json ATTACHMENTS.json VOICE.json CLI.json \
    MEMORY-SECURITY.json IMPORT-WAIT.json] > docs/benchmarks.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TARGETS = """\
| target (from the issues) | measured | met |
|---|---|---|
| save p95 ≤ 5 ms at 100k entries | {save95} ms | {ok_save} |
| search p95 ≤ 10 ms at 100k entries | {search95} ms | {ok_search} |
| encryption overhead ≤ 1.5x, save p50 / p95 (100k) | {ov_save50}x / {ov_save95}x | {ok_ov_save} |
| encryption overhead ≤ 1.5x, search p50 / p95 (100k) | {ov_s50}x / {ov_s95}x | {ok_ov_search} |
| command-line search ≥ 3x faster than jrnl, whole process, 10k | {speedup}x | {ok_speed} |
| first window ≤ 2x bare PySide6 (Xvfb), first run / unlock | {start_first}x / {start_unlock}x \
| {ok_start} |
| unlock to main window at 100k ≤ 300 ms beyond key derivation | {unlock100k} ms | {ok_unlock} |
| autosave never blocks typing (longest save on the UI thread) | {save_max} ms | {ok_autosave} |
| search as you type at 100k, keystroke to list drawn, p95 ≤ 16 ms | {type95} ms \
(p50 {type50}) | {ok_type} |
| report of 100 entries to PDF (charts, password) ≤ 1 s | {pdf100} ms | {ok_pdf100} |
| report of 1,000 entries to PDF (charts, password) ≤ 8 s | {pdf1000} ms | {ok_pdf1000} |
| drawing Trends, two years of check-ins and 100 results, ≤ 30 ms | {trend_paint} ms \
(with reading and layout: {trend_total}) | {ok_trend} |
"""


def yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def startup_section(start: dict[str, Any]) -> list[str]:
    n = start["bare"]["n"]
    out = [
        f"### Start-up on a real X display (Xvfb; {n} runs of each, interleaved)",
        "",
        "Each sample is a new process, from just before it is spawned to the end of the "
        "event-loop turn in which its first window is first painted. kapjournal is started "
        "through its real entry point (command line, settings, language, app).",
        "",
        "| | median | min | max | against bare |",
        "|---|---|---|---|---|",
    ]
    for key, name, ratio in (
        ("bare", "bare PySide6 window", None),
        ("first_run", "kapjournal, first run (welcome and create)", "ratio_first_run"),
        ("unlock", "kapjournal, unlock window", "ratio_unlock"),
    ):
        row = start[key]
        against = f"{start[ratio]}x" if ratio else ""
        out.append(
            f"| {name} | {row['median_ms']} ms | {row['min_ms']} ms | {row['max_ms']} ms | "
            f"{against} |"
        )
    extra = start["imports_beyond_bare"]["unlock"][:6]
    out += [
        "",
        "What the unlock path imports before its first paint that the bare window does not, "
        "by time in the modules themselves: "
        + ", ".join(f"{e['package']} {e['self_ms']} ms" for e in extra)
        + ". Most of kapjournal.ui's time is PySide6 setting up, on first use, the widget "
        "classes the window is built from. Found and moved out of the way of the first "
        "paint: the services, storage engine "
        "and prompt packs (now loaded by `open_journal` on the worker thread that derives the "
        "key), keyring and its entry-point scan (queried after the first paint, since a "
        "worker's imports share the interpreter lock), Babel (the Qt locale is set from the "
        "language code), zxcvbn (on the first keystroke) and the command line's services "
        "(imported by the command that runs). Measured the same way before: 2.32x first run, "
        "2.07x unlock. Later features crept back in front of the first paint, unnoticed until "
        "2026-11-27 (2.17x and 1.98x, over the target on the first run): asking the desktop "
        "for a tray (about 40 ms, now after the first window unless waiting in the tray at "
        "login), the reminder schedule's imports, the picture cleaner imported by the command "
        "line, and the first-run country list's CLDR names (about 30 ms, now filled right "
        "after the list is first drawn).",
        "",
        "### Inside the app",
        "",
    ]
    return out


def typing_section(typing: dict[str, Any]) -> list[str]:
    out = [
        "### Search as you type (Journal pane)",
        "",
        f"Words from the corpus typed into the search field one key at a time, "
        f"{typing['key_interval_ms']} ms apart (a fast typist), through the real main window. "
        "Each sample runs from the key event to the end of the first paint that draws the "
        "rows laid out for the new text. A last word of one or two letters is matched whole; "
        "from three letters it matches as a prefix, which costs more.",
        "",
        "| entries | every key p50 / p95 / max | 1-2 letters p50 / p95 | 3+ letters p50 / p95 |",
        "|---|---|---|---|",
    ]
    for size, row in typing["sizes"].items():
        a, short, long_ = row["all"], row["1-2 letters"], row["3+ letters"]
        out.append(
            f"| {int(size):,} | {a['p50_ms']} / {a['p95_ms']} / {a['max_ms']} ms | "
            f"{short['p50_ms']} / {short['p95_ms']} ms | {long_['p50_ms']} / {long_['p95_ms']} ms |"
        )
    out += [
        "",
        "The search runs in the same turn as the keystroke (a 0 ms timer coalesces keys typed "
        "faster than a search), counts the matches from the index (under a millisecond) and "
        "fetches 12 hits with snippets (scrolling fetches more): ranked best first, or, when "
        "a word's first letters match a thousand entries or more, the latest added first "
        "(ranking scores every match; the count line says so, and the next letters narrow and "
        "rank). The list lays rows out a screenful at a time and keeps each row's laid-out "
        "text between measuring and drawing it. Before, a 150 ms pause and 200 ranked hits "
        "per keystroke gave a p50 of 158 ms at 10k entries. The p95 varies from run to run "
        "on this shared machine by a millisecond or two (two runs in a row at 100k: 15.7 and "
        "15.6 ms), so the target is met, narrowly.",
        "",
    ]
    return out


def report_section(reports: dict[str, Any]) -> list[str]:
    out = [
        "## The therapist's report",
        "",
        "A course of guided recall and integration pages (five answers of about 50 words, one "
        "in five private) with sessions every three days and a PHQ-9 before each, written the "
        "way `kapjournal export` does on Qt's offscreen platform. PDF and HTML both draw the "
        "trend chart (the PDF has bookmarks too); with a password the PDF is encrypted with "
        "AES-256. Medians of "
        f"{reports['sizes']['100']['pdf']['n']} runs ({reports['when']}).",
        "",
        "| entries | build the report | PDF | PDF with password | HTML | PDF size |",
        "|---|---|---|---|---|---|",
    ]
    for size, row in reports["sizes"].items():
        out.append(
            f"| {int(size):,} | {row['build_report']['median_ms']} ms | "
            f"{row['pdf']['median_ms']} ms | {row['pdf_with_password']['median_ms']} ms | "
            f"{row['html']['median_ms']} ms | {row['pdf_bytes'] / 1e6:.1f} MB |"
        )
    out += [
        "",
        "Nearly all of a PDF's time is Qt laying out and drawing the text (the report model is "
        "milliseconds); encrypting with pikepdf adds little. The app lays the PDF out on a "
        "worker thread, so the window stays responsive meanwhile.",
        "",
    ]
    return out


def main() -> None:
    storage: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text())
    ui: dict[str, Any] = json.loads(Path(sys.argv[2]).read_text())
    start: dict[str, Any] = json.loads(Path(sys.argv[3]).read_text())
    typing: dict[str, Any] = json.loads(Path(sys.argv[4]).read_text())
    reports: dict[str, Any] = json.loads(Path(sys.argv[5]).read_text())
    trends: dict[str, Any] = json.loads(Path(sys.argv[6]).read_text())
    package: dict[str, Any] | None = (
        json.loads(Path(sys.argv[7]).read_text()) if len(sys.argv) > 7 else None
    )
    attached: dict[str, Any] | None = (
        json.loads(Path(sys.argv[8]).read_text()) if len(sys.argv) > 8 else None
    )
    voice: dict[str, Any] | None = (
        json.loads(Path(sys.argv[9]).read_text()) if len(sys.argv) > 9 else None
    )
    cli: dict[str, Any] | None = (
        json.loads(Path(sys.argv[10]).read_text()) if len(sys.argv) > 10 else None
    )
    memsec: dict[str, Any] | None = (
        json.loads(Path(sys.argv[11]).read_text()) if len(sys.argv) > 11 else None
    )
    waits: dict[str, Any] | None = (
        json.loads(Path(sys.argv[12]).read_text()) if len(sys.argv) > 12 else None
    )
    pdf100 = reports["sizes"]["100"]["pdf_with_password"]["median_ms"]
    pdf1000 = reports["sizes"]["1000"]["pdf_with_password"]["median_ms"]
    type_big = typing["sizes"]["100000"]["all"]
    big = storage["sizes"]["100000"]
    enc = big["encrypted"]
    ov = big["overhead"]
    proc = storage["processes"]
    ui_big = ui["sizes"]["100000"]
    lines = [
        "# Benchmarks",
        "",
        "Measured on this project's machine (2 cores, shared and noisy): medians and ratios come "
        "from one run in which everything compared was measured side by side. Timing "
        "assertions do not live in the tests; these numbers do.",
        "",
        "Reproduce (the first run builds the 1k, 10k and 100k vaults, about 10 minutes):",
        "",
        "```sh",
        ".venv/bin/python benchmarks/bench_storage.py --out storage.json",
        ".venv/bin/python benchmarks/bench_ui.py --out ui.json",
        'xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python benchmarks/bench_startup.py '
        "--out startup.json",
        ".venv/bin/python benchmarks/bench_search_typing.py --out typing.json",
        ".venv/bin/python benchmarks/bench_report.py --out report.json",
        ".venv/bin/python benchmarks/bench_trends.py --out trends.json",
        'scripts/build-package && xvfb-run -a -s "-screen 0 1280x900x24" '
        ".venv/bin/python benchmarks/bench_package.py --out package.json",
        ".venv/bin/python benchmarks/bench_attachments.py --out attachments.json",
        ".venv/bin/python benchmarks/bench_voice.py --out voice.json",
        ".venv/bin/python benchmarks/bench_cli.py --out cli.json",
        ".venv/bin/python benchmarks/bench_memory_security.py --out memory-security.json",
        ".venv/bin/python benchmarks/bench_import_wait.py --out import-wait.json",
        ".venv/bin/python benchmarks/report.py storage.json ui.json startup.json typing.json "
        "report.json trends.json package.json attachments.json voice.json cli.json "
        "memory-security.json import-wait.json > docs/benchmarks.md",
        "```",
        "",
        f"Run of {storage['when']}; SQLCipher {storage['sqlcipher']}, Python "
        f"{storage['machine']['python']}, {storage['machine']['cpus']} CPUs; Qt on the "
        f"{ui['platform']} platform in the app's own benchmarks, and on Xvfb for start-up "
        f"(run {start.get('when', storage['when'])}).",
        "",
        "## Summary",
        "",
        TARGETS.format(
            save95=enc["save"]["p95_ms"],
            ok_save=yes(enc["save"]["p95_ms"] <= 5),
            search95=enc["search"]["p95_ms"],
            ok_search=yes(enc["search"]["p95_ms"] <= 10),
            ov_save50=ov["save_p50"],
            ov_save95=ov["save_p95"],
            ok_ov_save=yes(max(ov["save_p50"], ov["save_p95"]) <= 1.5),
            ov_s50=ov["search_p50"],
            ov_s95=ov["search_p95"],
            ok_ov_search=yes(max(ov["search_p50"], ov["search_p95"]) <= 1.5),
            speedup=proc["search_speedup"],
            ok_speed=yes(proc["search_speedup"] >= 3),
            start_first=start["ratio_first_run"],
            start_unlock=start["ratio_unlock"],
            ok_start=yes(max(start["ratio_first_run"], start["ratio_unlock"]) <= 2),
            unlock100k=ui_big["unlock_to_main_window"]["median_ms"],
            ok_unlock=yes(ui_big["unlock_to_main_window"]["median_ms"] <= 300),
            save_max=ui_big["typing"]["save_max_ms"],
            ok_autosave=yes((ui_big["typing"]["save_max_ms"] or 0) < 16),
            type95=type_big["p95_ms"],
            type50=type_big["p50_ms"],
            ok_type=yes(type_big["p95_ms"] <= 16),
            pdf100=pdf100,
            ok_pdf100=yes(pdf100 <= 1000),
            pdf1000=pdf1000,
            ok_pdf1000=yes(pdf1000 <= 8000),
            trend_paint=trends["paint_median_ms"],
            trend_total=trends["total_median_ms"],
            ok_trend=yes(trends["paint_median_ms"] <= 30),
        )
        + (
            "| entry saves and searches with 100 pictures in the journal, as fast as without "
            f"(ratio of medians) | {attached['ratio_p50']['save']} / "
            f"{attached['ratio_p50']['search']} | "
            f"{yes(max(attached['ratio_p50'].values()) <= 1.1)} |\n"
            if attached is not None and "ratio_p50" in attached
            else ""
        )
        + (memsec_target_row(memsec) if memsec is not None else "")
        + (import_wait_row(waits["ways"]["batched"]) if waits is not None else ""),
        *(
            [
                "**Save overhead.** Saving one entry at 100k entries writes about 20 pages "
                "(the entry row and its five indexes, the answers, the tags, and the search "
                "index's new segment and structure record), and each page is encrypted and "
                "signed. That costs about "
                f"{round(enc['save']['p95_ms'] - big['plain_sqlite']['save']['p95_ms'], 2)} ms "
                "more at p95 ("
                f"{round(enc['save']['p50_ms'] - big['plain_sqlite']['save']['p50_ms'], 2)} ms "
                "at p50), within the 5 ms budget but above the 1.5x ratio. The cost is close to "
                "constant per page, so making saves cheaper for both engines raises the ratio: "
                "the changes below made saves faster in absolute terms and the ratio higher. "
                "Done: the search index reads text from the entries instead of keeping a copy, "
                "and has no prefix indexes (each cut the pages a save writes). Tried: a larger "
                "page cache (helps search, not saves). Fewer table indexes would cost the "
                "journal's filters; left as it is.",
                "",
            ]
            if max(ov["save_p50"], ov["save_p95"]) > 1.5
            else []
        ),
        "## Storage: encrypted vault against plain SQLite",
        "",
        "Synthetic entries of about 250 words from a 6,000-word vocabulary with a Zipf-like "
        "spread. Save: one new entry, one committed transaction (WAL, synchronous=FULL). "
        "Search: 200 queries for words that match roughly 0.1% to 3% of entries, a third of "
        "them two words, ranked, 20 results with snippets. Plain SQLite is the same schema "
        "and the same code on an unkeyed connection of the same library.",
        "",
        "| entries | file | unlock (passphrase) | unlock (raw key) | save p50 / p95 | plain "
        "save p50 / p95 | search p50 / p95 | plain search p50 / p95 | overhead save / search "
        "(p50) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size, row in storage["sizes"].items():
        e, p, o = row["encrypted"], row["plain_sqlite"], row["overhead"]
        lines.append(
            f"| {int(size):,} | {row['file_mb']} MB | {e['unlock_ms']} ms | "
            f"{e['unlock_raw_key_ms']} ms | {e['save']['p50_ms']} / {e['save']['p95_ms']} ms | "
            f"{p['save']['p50_ms']} / {p['save']['p95_ms']} ms | {e['search']['p50_ms']} / "
            f"{e['search']['p95_ms']} ms | {p['search']['p50_ms']} / {p['search']['p95_ms']} "
            f"ms | {o['save_p50']}x / {o['search_p50']}x |"
        )
    lines += [
        "",
        "Unlocking with the passphrase is the key derivation (PBKDF2-HMAC-SHA512, 256,000 "
        "iterations, SQLCipher's default) and is deliberately slow; with the derived key "
        "(remembered in the keychain) it takes under a millisecond.",
        "",
        f"## Command line against jrnl ({proc['entries']:,} entries, whole processes)",
        "",
        "The same corpus in an encrypted jrnl 4.6 journal (Fernet, PBKDF2-SHA256 100k). "
        f"Each command run {proc['kapjournal_search']['n']} times; medians. Python itself "
        f"starts in {proc['python_startup']['median_ms']} ms.",
        "",
        "| | kapjournal | jrnl | kapjournal faster by |",
        "|---|---|---|---|",
        f"| search for one word | {proc['kapjournal_search']['median_ms']} ms | "
        f"{proc['jrnl_search']['median_ms']} ms | {proc['search_speedup']}x |",
        f"| add an entry | {proc['kapjournal_add']['median_ms']} ms | "
        f"{proc['jrnl_add']['median_ms']} ms | {proc['add_speedup']}x |",
        "",
        "Most of kapjournal's time is the key derivation (about 180 ms), which jrnl runs too "
        "with fewer, cheaper iterations; jrnl then decrypts and parses its whole journal, "
        "and rewrites it all to add one entry.",
        "",
        "## Desktop app",
        "",
        *startup_section(start),
        "| entries | key derivation | unlock to usable main window (beyond the key) | saves "
        "while typing | save p50 / max on the UI thread | longest event-loop gap |",
        "|---|---|---|---|---|---|",
    ]
    for size, row in ui["sizes"].items():
        t = row["typing"]
        lines.append(
            f"| {int(size):,} | {row['key_derivation_ms']} ms | "
            f"{row['unlock_to_main_window']['median_ms']} ms (max "
            f"{row['unlock_to_main_window']['max_ms']}) | {t['saves']} in {t['words_typed']} "
            f"words | {t['save_p50_ms']} / {t['save_max_ms']} ms | "
            f"{t['longest_event_loop_gap_ms']} ms |"
        )
    lines += [
        "",
        '"Usable" means Today, Sessions and the first page of the journal list drawn. While '
        "typing, autosave runs a second after the last keystroke and at least every three "
        "seconds; each save is one transaction on the UI thread, and its longest is the stall "
        "a typist could feel (a frame is 16 ms). The event-loop gap is measured with a 1 ms "
        "timer and includes the simulated keystrokes' own processing, so it is an upper bound.",
        "",
    ]
    lines += typing_section(typing)
    lines += report_section(reports)
    lines += [
        "## Trends",
        "",
        f"730 daily check-ins (three scales) and {trends['questionnaire_results']} PHQ-9 and "
        'GAD-7 results, the range "All", on the offscreen platform, medians of '
        f"{trends['runs']} runs ({trends['when']}): reading the numbers and laying the page out "
        f"takes {trends['refresh_median_ms']} ms, painting the whole page (every chart, its "
        f"table, the calendar) {trends['paint_median_ms']} ms. A chart with more values than "
        "room for dots draws the line through the mean of each dot-wide column; a table lists "
        "every value, formatted only when its row is shown. Before those two changes and a "
        "query that reads only the numbers (not whole entries), the same view took 300 ms.",
        "",
        "A correction: the runs before 2026-11-27 15:00 timed the paint before the new charts "
        "had been laid out, so some charts were painted at no height (16.8 ms then was not the "
        "whole page). The benchmark now lays the page out inside the refresh and checks that "
        "every chart has a size before it paints.",
        "",
    ]
    if package is not None:
        lines += [
            "## The built package",
            "",
            f"Launch to the first window (the unlock window, a journal in place), the "
            f"PyInstaller folder build (`scripts/build-package`) and the source tree's "
            f"`kapjournal` interleaved, {package['runs']} runs each on Xvfb "
            f"({package['when']}): built {package['built_median_ms']} ms median "
            f"(p90 {package['built_p90_ms']}), source {package['source_median_ms']} ms "
            f"(p90 {package['source_p90_ms']}); the built one takes "
            f"{package['built_over_source']}x the time: "
            + ("not slower." if package["built_over_source"] <= 1.05 else "**slower**.")
            + " Timed to the window's appearance (a frozen build cannot be probed from inside).",
            "",
        ]
    if attached is not None:
        b, a = attached["before"], attached["after"]
        lines += [
            "## Pictures in the vault",
            "",
            f"Two journals of the same {attached['entries']:,} entries, one of them with "
            f"{attached['pictures']} pictures of {attached['picture_bytes'] / 1e6:.1f} MB "
            f"attached ({attached['vault_mb_before']} MB against "
            f"{attached['vault_mb_after']} MB); {attached['runs']} saves and searches in each, "
            f"alternating between the two, in one run ({attached['when']}):",
            "",
            "| | save p50 / p95 | search p50 / p95 |",
            "|---|---|---|",
            f"| without pictures | {b['save']['p50_ms']} / {b['save']['p95_ms']} ms | "
            f"{b['search']['p50_ms']} / {b['search']['p95_ms']} ms |",
            f"| with pictures | {a['save']['p50_ms']} / {a['save']['p95_ms']} ms | "
            f"{a['search']['p50_ms']} / {a['search']['p95_ms']} ms |",
            f"| ratio of medians | {attached['ratio_p50']['save']} | "
            f"{attached['ratio_p50']['search']} |",
            "",
            "The pictures live in their own table, and entry saves and searches are as fast "
            "with them as without. (An earlier version of this benchmark measured the journal "
            "before and after adding the pictures, one after the other, and showed a slowdown "
            "of about 40% and 20%; measured side by side it is gone, so it came from measuring "
            "one after the other, not from the pictures.) "
            f"Adding one picture (decode, strip, re-encode, store) took "
            f"{attached['add_picture_ms']} ms.",
            "",
        ]
    if voice is not None:
        w = voice["writing_out"]
        lines += [
            "## Voice notes",
            "",
            f"Run of {voice['when']}, with a virtual microphone (a throwaway PulseAudio):",
            "",
            "| | median |",
            "|---|---|",
            f"| loading Qt Multimedia and finding the microphone, in a fresh process | "
            f"{voice['load_ms']} ms |",
            f"| pressing Record to the first audio recorded | {voice['record_start_ms']} ms |",
            f"| decoding a {w['fixture_s']} s note from FLAC to 16 kHz PCM | "
            f"{w['decode_fixture_ms']} ms |",
            f"| loading the small Vosk model (once per run of the app) | {w['model_load_ms']} ms |",
            f"| writing out {w['speech_s']} s of speech | {w['transcribe_ms']} ms "
            f"({w['real_time_factor']} of real time) |",
            "",
            "Start-up does not pay the first line: Qt Multimedia is imported when a recording or "
            "a playback starts (tests/ui/test_recording.py checks that opening the app and an "
            "entry with voice notes never loads it). The model is the small Korean one the "
            "tests install (253 MB unpacked); other models' speed is not measured here.",
            "",
        ]
    text = "\n".join(lines)
    if cli is not None:
        above, speed = cli["above_key_derivation_ms"]["search"], cli.get("jrnl_over_search", 0)
        row = "| command-line search ≥ 3x faster than jrnl, whole process, 10k |"
        text = text.replace(
            row,
            f"| `kapjournal search` within 80 ms of the key derivation (median, whole "
            f"processes, 10k) | {above} ms | {yes(above <= 80)} |\n"
            f"| command-line search ≥ 4x faster than jrnl, whole process, 10k (bench_cli) | "
            f"{speed}x | {yes(speed >= 4)} |\n{row}",
        )
        text += "\n" + "\n".join(cli_section(cli))
    if memsec is not None:
        text += "\n" + "\n".join(memsec_section(memsec))
    if waits is not None:
        text += "\n" + "\n".join(import_wait_section(waits))
    print(text)


def import_wait_row(batched: dict[str, Any]) -> str:
    longest, failed = batched["longest_ms"], batched["failed"]
    return (
        "| the open app's save waits ≤ 2 s while `kapjournal import` writes 20,000 entries, "
        f"and none fails | {longest} ms, {failed} failed | "
        f"{yes(longest <= 2000 and not failed)} |\n"
    )


def import_wait_section(waits: dict[str, Any]) -> list[str]:
    rows = [
        f"| {way} | {w['import_s']} s | {w['saves']} | {w['failed']} | {w['p95_ms']} ms | "
        f"{w['longest_ms']} ms |"
        for way, w in waits["ways"].items()
    ]
    return [
        "## Saving while an import runs",
        "",
        f"Run of {waits['when']} (benchmarks/bench_import_wait.py; {waits['machine']}): "
        f"`kapjournal import` of a {waits['entries']:,}-entry archive "
        f"({waits['archive_mb']} MB) runs in a child process while this one saves an entry "
        "through the journal service every 50 ms on its own connection, as the open app's "
        "autosave does; a save's wall time is its wait. The two ways of importing were "
        f"alternated, {len(waits['ways']['batched']['runs'])} runs each, on fresh copies of one "
        f"journal: in batches of {waits['batch']} records with a {waits['pause_ms']:g} ms pause "
        "between them (what kapjournal does), and as one transaction (as before issue 31). "
        "Import times and p95 are medians of the runs; the longest wait and failures are over "
        "all of them.",
        "",
        "| import | import took | saves | failed | save p95 | longest save |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "With one transaction a save waits for the whole write, so the wait grows with the "
        "archive (the review measured 5 s and a failure on its run; a failed save is SQLite's "
        '"database is locked" after the 5 s busy timeout); in batches it waits for one batch '
        "at most, whatever the archive. The import itself takes longer in batches (its pauses "
        "and commits). The editor also tries a save that failed again every 3 s, keeping the "
        "words on screen.",
        "",
    ]


def memsec_cost(memsec: dict[str, Any]) -> tuple[str, dict[str, float]]:
    """The cache size the app uses (or else the one measured both ways) and what turning
    memory security on cost there, as ratios of on to off."""
    both = memsec["on_against_off"]
    cache = str(memsec["app"]["cache_kib"])
    cache = cache if cache in both else next(iter(both))
    return cache, both[cache]


def memsec_target_row(memsec: dict[str, Any]) -> str:
    cache, cost = memsec_cost(memsec)
    worst = max(cost["save_p95"], cost["search_p95"])
    on = memsec["app"]["memory_security"]
    verdict = ("on" if on else "off") + (
        ", as the target says" if on == (worst <= 1.1) else ", **against the target**"
    )
    return (
        "| SQLCipher memory security on unless it costs over 10% of save or search p95 "
        f"(100k, {int(cache) // 1024} MiB cache) | on/off: {cost['save_p95']:.2f}x / "
        f"{cost['search_p95']:.2f}x | {verdict} |\n"
    )


def memsec_section(memsec: dict[str, Any]) -> list[str]:
    rows = memsec["configs"]
    base = rows[memsec["baseline"]]
    cache, cost = memsec_cost(memsec)
    probe = memsec["wipe_probe"]

    def mib(kib: int) -> str:
        return f"{kib / 1024:g} MiB"

    out = [
        "## SQLCipher's memory security and the page cache",
        "",
        f"Run of {memsec['when']} (benchmarks/bench_memory_security.py; SQLCipher "
        f"{memsec['sqlcipher']}): the {memsec['entries']:,}-entry vault of the storage "
        "benchmark, one copy per configuration, each opened through the app's own path in its "
        "own process (memory security is one switch for a whole process and cannot be turned "
        f"off again). After {memsec['warm_searches']} untimed searches the processes take "
        f"turns, one operation at a time: {memsec['steps']} steps of one save and two searches "
        "(as in the storage benchmark). Memory locked is the process's VmLck at the end.",
        "",
        "| memory security | page cache | save p50 / p95 | search p50 / p95 | save p95 / "
        f"search p95 against off, {mib(base['cache_kib'])} | memory locked |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows.values():
        a = row["against_baseline"]
        out.append(
            f"| {'on' if row['memory_security'] else 'off'} | {mib(row['cache_kib'])} | "
            f"{row['save']['p50_ms']} / {row['save']['p95_ms']} ms | {row['search']['p50_ms']} / "
            f"{row['search']['p95_ms']} ms | {a['save_p95']:.2f}x / {a['search_p95']:.2f}x | "
            f"{row['locked_kb'] / 1024:.1f} MiB |"
        )
    off, on = probe["off"], probe["on"]
    worst = max(cost["save_p95"], cost["search_p95"])
    out += [
        "",
        f"Turning memory security on, with the {mib(int(cache))} cache, made save p95 "
        f"{cost['save_p95']:.2f}x and search p95 {cost['search_p95']:.2f}x what they were with "
        f"it off (p50: {cost['save_p50']:.2f}x and {cost['search_p50']:.2f}x). "
        + (
            "That is within the 10% the issue allowed, so the app turns it on. "
            if worst <= 1.1
            else 'The issue allowed 10%, so the app leaves it off (docs/security.md, "Memory"). '
        )
        + "With it on, SQLCipher locks each allocation of the engine with its own mlock call "
        "and unlocks and overwrites it when freed: strace counted about 2,800 mlock calls "
        "and as many munlock calls per search at 100k entries, and every cached page stays "
        "locked, so the memory locked grows with the cache (an ordinary Linux user may lock "
        f"{mib(memsec['lock_limit_kb'] or 0)}; this run had no such limit"
        + (", as root" if memsec.get("root") else "")
        + "). What it would buy: a process that read a "
        f"{probe['entries']}-entry vault and locked it left {off['copies_after_lock']:,} "
        "copies of a marker from the entries in its freed memory with it off, "
        f"{on['copies_after_lock']} with it on (the probe's own).",
        "",
        "The page cache holds decrypted pages, so it is kept modest: "
        f"{mib(memsec['app']['cache_kib'])} per connection (it was 32 MiB). With memory "
        f"security off, against {mib(base['cache_kib'])}: "
        + "; ".join(
            f"{mib(r['cache_kib'])}, save p95 {r['against_baseline']['save_p95']:.2f}x and "
            f"search p50 / p95 {r['against_baseline']['search_p50']:.2f}x / "
            f"{r['against_baseline']['search_p95']:.2f}x"
            for r in rows.values()
            if not r["memory_security"] and r is not base
        )
        + ". The storage table above was measured before this change, with 32 MiB.",
        "",
    ]
    return out


def cli_section(cli: dict[str, Any]) -> list[str]:
    m, above = cli["median_ms"], cli["above_key_derivation_ms"]
    kdf = m["key_derivation"]
    out = [
        "## The command line against its key derivation, and against jrnl",
        "",
        f"Run of {cli['when']} (benchmarks/bench_cli.py): a {cli['entries']:,}-entry journal "
        f"(the storage benchmark's corpus), each command a new process, {cli['runs']} rounds "
        "interleaved command by command; medians. The key derivation alone is a Python process "
        "that derives the journal's key (PBKDF2-HMAC-SHA512, 256,000 iterations) and does "
        "nothing else: no command that unlocks can be faster.",
        "",
        "| command | median | above the key derivation |",
        "|---|---|---|",
        f"| Python starting and ending | {m['python']} ms | |",
        f"| the key derivation alone | {kdf} ms | |",
        f"| `kapjournal search {cli['term']}` | {m['search']} ms | {above['search']} ms |",
        f"| `kapjournal add TEXT` | {m['add']} ms | {above['add']} ms |",
        f"| `kapjournal check` (reads and verifies every page) | {m['check']} ms | "
        f"{above['check']} ms |",
        f"| `kapjournal export --format md` (a week of entries) | {m['export_md']} ms | "
        f"{above['export_md']} ms |",
    ]
    if "jrnl_search" in m:
        out += [
            f"| `jrnl -contains {cli['term']}` (jrnl 4.6, encrypted) | {m['jrnl_search']} ms | |",
            "",
            f"kapjournal's search is {cli['jrnl_over_search']}x faster than jrnl's, whole "
            "processes in the same run. A search builds only the journal's service: the archive, "
            "pack, report and attachment machinery, the prompt packs and Babel's locale data "
            "load only for the commands that use them (tests/cli/test_main.py fails if a search "
            "imports them), and the listing prints ISO dates. What remains above the key "
            "derivation is imports (the storage engine, argparse, platformdirs, the domain's "
            "dataclasses) and the search itself.",
        ]
    return [*out, ""]


if __name__ == "__main__":
    main()

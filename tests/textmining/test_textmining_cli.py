import csv
import json

import pytest

from renda.textmining.cli import main


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "comments.csv"
    assert main(["generate", "--n", "1500", "--seed", "2", "--campaigns", "2", "-o", str(path), "--labels"]) == 0
    return path


def test_generate_writes_the_documented_header(generated):
    with generated.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "provision", "text", "submitted_at", "participant", "campaign"]
    assert len(rows) == 1500
    assert len({r["campaign"] for r in rows if r["campaign"]}) == 2


def test_analyze_json_shape(generated, tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["analyze", str(generated), "--format", "json", "-o", str(out), "--quiet"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"clusters", "per_provision", "timeline", "totals", "method", "input"}
    cluster = report["clusters"][0]
    assert set(cluster) >= {"ids", "size", "representative"}
    assert isinstance(cluster["ids"], list) and cluster["size"] == len(cluster["ids"])
    assert report["totals"]["comments"] == 1500
    assert sum(c["size"] for c in report["clusters"]) + report["totals"]["singletons"] == 1500
    assert report["totals"]["campaigns"] == 2
    assert report["input"]["skipped_rows"] == 0
    assert capsys.readouterr().err == ""


def test_analyze_to_stdout_and_text_format(generated, capsys):
    assert main(["analyze", str(generated), "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["comments"] == 1500
    assert main(["analyze", str(generated), "--format", "text", "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "意见总数：1500 条" in text and "集中意见" in text


def test_bad_rows_are_reported_not_fatal(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("id,provision,text,submitted_at\n1,第五条,意见,2025-03-01\n2,第五条,,2025-03-01\n",
                    encoding="utf-8-sig")
    assert main(["analyze", str(path), "--quiet", "-o", str(tmp_path / "o.json")]) == 0
    assert "第 3 行：意见内容为空" in capsys.readouterr().err
    report = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert report["input"]["skipped_rows"] == 1 and report["totals"]["comments"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x81\x30\xff\xfe\x80\x81,,,\n", "编码"),
        (b"id,provision,body,submitted_at\n1,,x,\n", "缺少必需的列"),
        (b"id,provision,text,submitted_at\n1,,,\n", "没有可分析的意见"),
    ],
)
def test_unusable_files_exit_2_with_a_chinese_message(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert main(["analyze", str(path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_file_and_usage_errors(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "none.csv")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert main(["analyze"]) == 2
    assert "参数错误" in capsys.readouterr().err
    assert main([]) == 2
    assert main(["generate", "--n", "0", "-o", str(tmp_path / "x.csv")]) == 2
    assert main(["analyze", str(tmp_path / "none.csv"), "-o", str(tmp_path / "no" / "dir" / "o.json")]) == 2


def test_unwritable_output(generated, tmp_path, capsys):
    assert main(["analyze", str(generated), "--quiet", "-o", str(tmp_path / "missing" / "o.json")]) == 2
    assert "无法写入输出文件" in capsys.readouterr().err


def test_renda_command_routes_to_this_cli(generated, capsys):
    from renda.cli import main as renda_main

    assert renda_main(["renda", "comments", "analyze", str(generated), "--quiet", "--format", "text"]) == 0
    assert "意见总数" in capsys.readouterr().out

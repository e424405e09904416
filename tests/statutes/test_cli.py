import json

import docx

from renda.statutes.cli import main


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_parse_json_shape(tmp_path, capsys, sample_text):
    assert main(["parse", _write(tmp_path, "s.md", sample_text), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "某市测试条例"
    assert data["warnings"] == []
    first = data["articles"][0]
    assert first == {
        "num": 1,
        "suffix": 0,
        "label": "第一条",
        "eid": "chp_1__art_1",
        "chapter": "第一章 总则",
        "section": None,
        "heading": None,
        "text": "为了规范测试工作，根据有关法律、行政法规，结合本市实际，制定本条例。",
        "paragraphs": 1,
    }
    art3 = next(a for a in data["articles"] if a["label"] == "第三条")
    assert art3["chapter"] == "第二章 管理" and art3["section"] == "第一节 一般规定"
    assert "（二）组织测试建设，包括：\n1.道路；" in art3["text"]
    for art in data["articles"]:
        assert isinstance(art["num"], int) and isinstance(art["text"], str)


def test_parse_warnings_in_json(tmp_path, capsys):
    path = _write(tmp_path, "gap.md", "# 条例\n<!-- INFO END -->\n第一条 甲。\n第三条 丙。\n")
    assert main(["parse", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == ["第4行：条文编号不连续：第三条之前缺少第二条"]
    assert main(["parse", path, "--strict"]) == 2
    err = capsys.readouterr().err
    assert "第4行" in err and "Traceback" not in err


def test_parse_outline_and_canonical(tmp_path, capsys, sample_text):
    path = _write(tmp_path, "s.md", sample_text)
    assert main(["parse", path]) == 0
    assert "条：6" in capsys.readouterr().out
    assert main(["parse", path, "--canonical"]) == 0
    assert capsys.readouterr().out.startswith("# 某市测试条例\n")


def test_compare_json(tmp_path, capsys, green, statute_text):
    old = _write(tmp_path, "old.md", statute_text(green[:4]))
    new = _write(
        tmp_path, "new.md", statute_text([green[0], green[2], green[3].replace("三十", "三十五"), green[4]])
    )
    assert main(["compare", old, new, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = [(r["kind"], r["old"], r["new"]) for r in data["rows"]]
    assert ("deleted", ["第二条"], []) in kinds
    assert ("renumbered", ["第三条"], ["第二条"]) in kinds
    assert ("modified", ["第四条"], ["第三条"]) in kinds
    assert ("added", [], ["第四条"]) in kinds
    modified = next(r for r in data["rows"] if r["kind"] == "modified")
    assert {"op": "insert", "text": "五"} in modified["diff"]
    assert data["summary"]["modified"] == 1 and data["summary"]["deleted"] == 1


def test_compare_outputs_to_files(tmp_path, capsys, green, statute_text):
    old = _write(tmp_path, "old.md", statute_text(green[:3]))
    new = _write(tmp_path, "new.md", statute_text([green[0], green[1] + "新增内容。", green[2]]))
    out_html = tmp_path / "diff.html"
    assert main(["compare", old, new, "--format", "html", "-o", str(out_html)]) == 0
    assert "<ins>新增内容。</ins>" in out_html.read_text(encoding="utf-8")
    out_docx = tmp_path / "diff.docx"
    assert main(["compare", old, new, "--format", "docx", "-o", str(out_docx), "--landscape"]) == 0
    assert len(docx.Document(str(out_docx)).tables[0].columns) == 2
    assert main(["compare", old, new, "--format", "docx"]) == 2
    assert "-o" in capsys.readouterr().err


def test_akn(tmp_path, capsys, sample_text):
    out = tmp_path / "out.xml"
    assert main(["akn", _write(tmp_path, "s.md", sample_text), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso')
    assert main(["akn", _write(tmp_path, "s.md", sample_text), "--place", "cn-xx"]) == 0
    assert "/akn/cn-xx/act/" in capsys.readouterr().out


def test_bad_inputs_exit_2_in_chinese(tmp_path, capsys, sample_text):
    assert main(["parse", str(tmp_path / "missing.md")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff\xfe\x00" * 50)
    assert main(["parse", str(binary), "--json"]) == 2
    err = capsys.readouterr().err
    assert "无法识别文件编码" in err and "Traceback" not in err
    empty = _write(tmp_path, "empty.md", "\n\n")
    assert main(["akn", empty]) == 2
    assert "文本为空" in capsys.readouterr().err
    assert main(["compare", empty]) == 2
    assert "缺少必需的参数" in capsys.readouterr().err
    assert main(["compare", "a", "b", "--format", "pdf"]) == 2
    assert "无效" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    out = _write(tmp_path, "s.md", sample_text)
    assert main(["akn", out, "-o", str(tmp_path / "no" / "such" / "dir.xml")]) == 2
    assert "无法写入输出文件" in capsys.readouterr().err


def test_help_is_chinese(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "用法" in out and "修改对照表" in out


def test_console_routing(tmp_path, capsys, sample_text):
    """`renda statute …` reaches this CLI without Django."""
    from renda.cli import main as renda_main

    assert renda_main(["renda", "statute", "parse", _write(tmp_path, "s.md", sample_text), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "某市测试条例"

import pytest

from renda.textmining.csvio import CommentFileError, read_comments_csv

GOOD = (
    "id,provision,text,submitted_at\n"
    "1,第五条,我支持第五条的规定,2025-03-01 10:00\n"
    '2,,"多行的意见\n第二行",2025-03-02\n'
    "3,第八条,对第八条有意见,2025-03-03\n"
)


def write(tmp_path, content: bytes, name: str = "c.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_reads_the_usual_encodings(tmp_path, encoding):
    result = read_comments_csv(write(tmp_path, GOOD.encode(encoding)))
    assert [c.id for c in result.comments] == ["1", "2", "3"]
    assert result.comments[1].text == "多行的意见\n第二行"
    assert result.comments[1].provision == ""
    assert result.problems == []
    assert result.encoding == encoding


def test_bad_encoding_is_a_file_error(tmp_path):
    data = "id,provision,text,submitted_at\n1,第五条,".encode() + b"\xff\xfe\x80\x81\xfe\xff,2025-03-01\n"
    with pytest.raises(CommentFileError, match="编码"):
        read_comments_csv(write(tmp_path, b"\x81\x30" + data[2:]))


def test_missing_column_names_it(tmp_path):
    with pytest.raises(CommentFileError, match=r"缺少必需的列.*text"):
        read_comments_csv(write(tmp_path, b"id,provision,content,submitted_at\n1,,x,\n"))


def test_missing_or_empty_file(tmp_path):
    with pytest.raises(CommentFileError, match="找不到文件"):
        read_comments_csv(tmp_path / "nope.csv")
    with pytest.raises(CommentFileError, match="空的"):
        read_comments_csv(write(tmp_path, b"  \n"))
    with pytest.raises(CommentFileError, match="目录"):
        read_comments_csv(tmp_path)


def test_bad_rows_are_reported_by_line_and_skipped(tmp_path):
    content = (
        "id,provision,text,submitted_at\n"  # line 1
        "1,第五条,正常的意见,2025-03-01\n"  # line 2
        "2,第五条,,2025-03-01\n"  # line 3: empty text
        "3,第五条\n"  # line 4: too few fields
        "\n"  # line 5: blank, ignored
        "1,第六条,编号重复的意见,2025-03-01\n"  # line 6: duplicate id
        ',第六条,"没有编号\n的意见",2025-03-01\n'  # lines 7-8: empty id
        "4,第六条,时间看不懂,上周三\n"  # line 9: kept, without a date
        "5,第七条,多了字段,2025-03-01,多余\n"  # line 10: too many fields
    )
    result = read_comments_csv(write(tmp_path, content.encode()))
    assert [c.id for c in result.comments] == ["1", "4"]
    lines = {p.line: p for p in result.problems}
    assert sorted(lines) == [3, 4, 6, 7, 9, 10]
    assert "意见内容为空" in lines[3].message and "字段数不足" in lines[4].message
    assert "重复" in lines[6].message and "编号" in lines[7].message
    assert not lines[9].skipped and "无法识别" in lines[9].message
    assert str(lines[3]).startswith("第 3 行：") and str(lines[3]).endswith("已跳过")
    assert result.rows == 7


def test_chinese_headers_participant_and_tabs(tmp_path):
    content = "编号\t条款\t意见内容\t提交时间\t提交人\nA1\t第五条\t意见一\t2025-03-01\t张三\n"
    result = read_comments_csv(write(tmp_path, content.encode("gb18030")))
    assert result.comments[0].participant == "张三" and result.comments[0].text == "意见一"


def test_broken_quoting_is_a_file_error_with_line(tmp_path):
    content = 'id,provision,text,submitted_at\n1,第五条,"ok",2025-03-01\n2,第五条,"a"b"\x00,2025\n'
    result_or_error = None
    try:
        result_or_error = read_comments_csv(write(tmp_path, content.encode()))
    except CommentFileError as exc:
        assert "行" in str(exc)
    if result_or_error is not None:  # the csv module is lenient with this quoting: then it is a row
        assert result_or_error.comments[0].id == "1"

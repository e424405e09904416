"""The shared page pieces in core/templates/core: the form body of a form page, the filter controls of a list and
the script tags of a chart page — each rendered on its own."""

from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory


class TitleForm(forms.Form):
    title = forms.CharField(label="标题")


def form_body(**context):
    request = RequestFactory().get("/")
    return render_to_string("core/_form_body.html", {"form": TitleForm(), **context}, request=request)


def test_form_body_saves_and_cancels_to_the_address_given():
    html = form_body(cancel_url="/back/")
    assert '<form method="post" novalidate>' in html and "csrfmiddlewaretoken" in html
    assert '<label for="id_title">标题（必填）</label>' in html
    assert '<button type="submit" class="btn">保存</button> <a href="/back/">取消</a>' in html


def test_form_body_names_its_button_uploads_files_and_may_have_no_cancel():
    html = form_body(submit_label="登记", multipart=True)
    assert 'enctype="multipart/form-data"' in html
    assert '<button type="submit" class="btn">登记</button></p>' in html
    assert "取消" not in html


def test_filter_choice_marks_the_value_chosen():
    html = render_to_string("core/_filter_choice.html", {"label": "状态", "name": "status", "value": "b",
                                                          "choices": [("a", "甲"), ("b", "乙")]})
    assert '<label>状态 <select name="status"><option value="">全部</option>' in html
    assert '<option value="a" >甲</option><option value="b" selected>乙</option>' in html


def test_filter_keyword_keeps_the_words_searched():
    html = render_to_string("core/_filter_keyword.html", {"filters": {"q": "预算"}})
    assert '<input type="search" name="q" value="预算" maxlength="50">' in html and ">筛选</button>" in html


def test_chart_scripts_load_echarts_then_the_shared_setup_then_the_page_script():
    html = render_to_string("core/_chart_scripts.html", {"script": "budget/topics.js"})
    order = [html.index(s) for s in ("vendor/echarts/echarts.min.js", "renda/charts.js", "budget/topics.js")]
    assert order == sorted(order) and html.count("<script") == 3 and html.count(" defer>") == 3

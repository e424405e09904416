import subprocess
import sys


def test_textmining_never_imports_django():
    code = (
        "import sys\n"
        "import renda.textmining as tm\n"
        "from renda.textmining import cli, comments, csvio, dupes, dupset, evaluate, minhash, routing, similar, stream, synth, words\n"
        "tm.SimilarIndex, tm.UnitRouter, tm.analyze_comments\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_package_import_is_lazy():
    code = (
        "import sys\n"
        "import renda.textmining\n"
        "heavy = [m for m in ('jieba', 'sklearn', 'scipy', 'datasketch') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_public_api_resolves():
    import renda.textmining as tm

    for name in tm.__all__:
        assert getattr(tm, name) is not None, name


def test_reexported_functions_are_not_shadowed_by_submodules():
    code = (
        "import renda.textmining as tm\n"
        "tm.keywords, tm.analyze_comments, tm.SimilarIndex\n"
        "from renda.textmining import *\n"
        "assert callable(segment) and callable(tm.segment) and segment('课后服务') == ['课后服务']\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr

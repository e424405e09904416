import subprocess
import sys


def test_engine_never_imports_django():
    code = (
        "import sys\n"
        "import renda.statutes, renda.statutes.cli, renda.statutes.export_docx, renda.statutes.export_html\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr

"""The suite's scheduling (tests/conftest.py): the slow modules it sends first exist, and come first."""

from tests.conftest import (
    REPO_ROOT,
    SAME_WORKER,
    SLOW_MODULES,
    SameWorldScheduling,
    pytest_collection_modifyitems,
    pytest_configure,
)


def test_every_slow_module_named_exists():
    assert len(set(SLOW_MODULES)) == len(SLOW_MODULES)
    for path in SLOW_MODULES:
        assert (REPO_ROOT / path).is_file(), path


class _Item:
    def __init__(self, nodeid):
        self.nodeid = nodeid


def test_slow_modules_first_then_the_larger_modules_and_a_modules_order_kept():
    items = [_Item(n) for n in ("tests/a.py::t1", "tests/b.py::t1", "tests/b.py::t2", "tests/b.py::t3",
                                f"{SLOW_MODULES[1]}::x", f"{SLOW_MODULES[0]}::y", "tests/a.py::t0")]
    pytest_collection_modifyitems(None, None, items)
    assert [i.nodeid for i in items] == [
        f"{SLOW_MODULES[0]}::y", f"{SLOW_MODULES[1]}::x",
        "tests/b.py::t1", "tests/b.py::t2", "tests/b.py::t3", "tests/a.py::t1", "tests/a.py::t0",
    ]


def test_xdist_is_told_to_keep_this_order():
    class Option:
        loadscopereorder = True

    class Config:
        option = Option()

    config = Config()
    pytest_configure(config)
    assert config.option.loadscopereorder is False


def test_modules_of_one_world_are_one_unit_of_work():
    for path in SAME_WORKER:
        assert (REPO_ROOT / path).is_file(), path

    sched = object.__new__(SameWorldScheduling)  # the grouping alone, without a running session
    fuzz, crawl = "tests/api/test_fuzz.py", "tests/test_crawl.py"
    assert sched._split_scope(f"{fuzz}::test_api_fuzz[x]") == sched._split_scope(f"{crawl}::t[bangongting]")
    assert sched._split_scope("tests/core/test_audit.py::t") == "tests/core/test_audit.py"

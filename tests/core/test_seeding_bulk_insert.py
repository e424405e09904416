"""core.seeding.bulk_insert: rows read lazily, inserted a batch at a time, the bar moved by each batch."""

from types import SimpleNamespace

from renda.core.seeding import bulk_insert


class _Model:
    def __init__(self):
        self.batches = []
        self.objects = SimpleNamespace(bulk_create=lambda rows: self.batches.append(list(rows)))


class _Bar:
    def __init__(self):
        self.moves = []

    def update(self, n):
        self.moves.append(n)


def test_batches_and_the_bar():
    model, bar = _Model(), _Bar()
    assert bulk_insert(model, iter(range(7)), batch=3, bar=bar) == 7
    assert model.batches == [[0, 1, 2], [3, 4, 5], [6]] and bar.moves == [3, 3, 1]


def test_an_exact_multiple_makes_no_empty_batch_and_no_bar_is_fine():
    model = _Model()
    assert bulk_insert(model, [1, 2, 3, 4], batch=2) == 4
    assert model.batches == [[1, 2], [3, 4]]
    assert bulk_insert(model, [], batch=2) == 0 and model.batches == [[1, 2], [3, 4]]

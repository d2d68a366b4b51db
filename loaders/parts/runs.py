"""Runs of counts: the counts right before a 共-total that run on to it, read once per document.

`B 35项，C 10项，共 A 45项`: the parts of a total are the unbroken run of counts
before it (the same sentence and kind, no ；, 。 or item marker between). The
runs are found in one pass in text order, so no total reads the text back.
Mixed into `loaders.parents.Reader` beside `MetricRules`, which asks `run_before`.
"""

from loaders.parts.kinds import same_kind
from loaders.vocabulary.labels import TOTAL_PARTS_MAX
from loaders.vocabulary.parts import ENUM_CUE


class CountRuns:
    """Where each run of counts starts, and the run before a total."""

    def joins_run(self, index, total):
        """The count at `index` and what follows it (through shares) run on to `total`: the same sentence and
        kind, and no ；, 。 or item marker in the gap after it."""
        count = self.metrics[index]
        if (
            count.unit == "%"
            or count.start < self.view.sentence_start(total.start)
            or not same_kind(total, count)
        ):
            return False
        gap = self.text[count.end : self.metrics[index + 1].start]
        return not ("；" in gap or ";" in gap or "。" in gap or ENUM_CUE.search(gap))

    def run_starts(self):
        """For each count, the index where the run of counts ending with it starts (see `run_before`).

        Read once per document, in text order: a count joins the run of the
        count before it (shares between are skipped), so no 共N reads the run back.
        """
        starts = []
        last_count = None
        for index, metric in enumerate(self.metrics):
            if metric.unit == "%":
                starts.append(None)
                continue
            joined = last_count is not None and self.joins_run(last_count, metric)
            starts.append(starts[last_count] if joined else index)
            last_count = index
        return starts

    def run_before(self, metric):
        """The counts right before `metric` that run on to it (the parts of a 共-total), in text order.

        An unbroken run: the same sentence, the same kind, no ；, 。 or item
        marker between (shares between are skipped). None when it is longer
        than `TOTAL_PARTS_MAX` (no total lists this many parts).
        """
        if self._run_starts is None:
            self._run_starts = self.run_starts()
        sentence_start = self.view.sentence_start(metric.start)
        index = self.index[id(metric)] - 1
        while (
            index >= 0
            and self.metrics[index].unit == "%"
            and self.metrics[index].start >= sentence_start
        ):
            index -= 1
        if index < 0 or not self.joins_run(index, metric):
            return []
        start = self._run_starts[index]
        if self.counts_before[index + 1] - self.counts_before[start] > TOTAL_PARTS_MAX:
            return None
        return [m for m in self.metrics[start : index + 1] if m.unit != "%"]

"""Disjoint sets (union-find): which items have been joined into one group."""

from __future__ import annotations

from collections.abc import Sequence


class DisjointSets:
    """Items 0..n-1 in groups; each group is named by one of its items, its root."""

    def __init__(self, size: int, parents: Sequence[int] | None = None):
        # `parents` lets a caller start from groups it already knows (each pointing into its group).
        self._parent = list(parents) if parents is not None else list(range(size))
        if len(self._parent) != size:
            raise ValueError("one parent per item")

    def find(self, item: int) -> int:
        """The root of the item's group."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps later look-ups short
            item = parent[item]
        return item

    def join(self, keep: int, other: int) -> int:
        """Put `other`'s group into `keep`'s; returns the root that names the joined group."""
        root = self.find(keep)
        other_root = self.find(other)
        if other_root != root:
            self._parent[other_root] = root
        return root

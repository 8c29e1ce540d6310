"""Diff a child list, keyed: match by key and type (by position without a key), keep the longest run
that is already in order in place (longest increasing subsequence) and move only the rest.

Long because the passes of one diff (common prefix and suffix, the ends of the middle, the keyed
middle, then placing) share their indices and lists: split, each would take and return most of them.

Before the key map, the ends of the middle are tried, as in Vue 2 / snabbdom's double-ended diff but
only for children rendered from the very same keyed node with no update of their own (nothing to
patch, so tree order does not matter): a swap or a rotation is then found with identity checks alone.

Two passes, as in Preact/ivi: :func:`diff_children` matches, patches, mounts and removes in tree
order (so components render and effects queue in order), and returns which children must be
(re)inserted; :func:`place` then inserts those, walking backwards so that each one goes before its
already-placed next sibling. A component's own moves wait in ``fiber.place`` until the DOM node after
it is known: whoever places the component places them too.

A hole (``None``: a ``None``/``False``/``""`` child) keeps its slot: unkeyed children after it match by
their position counting holes, as React's; it has no fiber (``None`` in the fiber list) and no DOM.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress, islice
from operator import is_
from typing import Any

from ..nodes import ComponentElement, Element
from ..portal import PortalNode
from .blocks import BlockFiber
from .fibers import (
    ComponentFiber,
    ElementFiber,
    PortalFiber,
    TextFiber,
    first_dom,
    owner_name,
)
from .ops import CLEAR, INSERT

__all__ = ["check_keys", "diff_children", "is_markup", "longest_increasing", "markup_only", "place"]

mount: Any = None
patch: Any = None
remove: Any = None
insert_all: Any = None
unmount: Any = None


def bind(mount_fn: Any, patch_fn: Any, remove_fn: Any, insert_all_fn: Any, unmount_fn: Any) -> None:
    """Called once by :mod:`.diff` (the two modules recurse into each other)."""
    global mount, patch, remove, insert_all, unmount
    mount, patch, remove, insert_all, unmount = mount_fn, patch_fn, remove_fn, insert_all_fn, unmount_fn


def _clear(c: Any, parent: Any, old: list[Any]) -> None:
    """Remove all of an element's children with one CLEAR op: every DOM child of an element is one of
    its fibers' nodes (portals' are in their targets, and unmount removes those)."""
    c.ops += (CLEAR, parent.id)
    for fiber in old:
        if fiber is not None and type(fiber) is not TextFiber:
            unmount(c, fiber)


def is_markup(node: Any) -> bool:
    """Trusted HTML (a ``str`` subclass with ``__html__``); elements have ``__html__`` too, but are
    not ``str``."""
    return isinstance(node, str) and type(node) is not str


def markup_only(kids: tuple[Any, ...]) -> tuple[Any, ...]:
    """``(markup,)`` when holes surround one Markup child (it is then the element's inner HTML, as
    without the holes); otherwise ``kids`` unchanged. Called only when ``kids[0]`` is a hole."""
    rest = [kid for kid in kids if kid is not None]
    if len(rest) == 1 and is_markup(rest[0]):
        return (rest[0],)
    return kids


def _unchanged(fiber: Any, node: Any) -> bool:
    """``fiber`` was rendered from this very keyed node and has no update of its own: it may have
    to move, nothing else (an element is immutable, a component would render the same)."""
    kind = type(node)
    if kind is ComponentElement:
        return type(fiber) is ComponentFiber and fiber.vnode is node and not fiber.dirty and node.key is not None
    return kind is Element and type(fiber) is ElementFiber and fiber.vnode is node and node.key is not None


def _matches(fiber: Any, node: Any) -> bool:
    if node is None:
        return fiber is None
    kind = type(node)
    if kind is str:
        return type(fiber) is TextFiber
    if kind is Element:
        return type(fiber) is ElementFiber and fiber.vnode.tag == node.tag and fiber.vnode.key == node.key
    if kind is ComponentElement:
        return type(fiber) is ComponentFiber and fiber.type is node.type and fiber.vnode.key == node.key
    if kind is PortalNode:  # a new target selector mounts a new portal
        return type(fiber) is PortalFiber and fiber.target == node.target
    return False


def check_keys(parent: Any, nodes: Any) -> None:
    """ValueError naming the first key used twice among ``nodes``."""
    keys = [n.key for n in nodes if n is not None and type(n) is not str and n.key is not None]
    if len(set(keys)) == len(keys):
        return
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            where = parent.vnode.tag if type(parent) is ElementFiber else owner_name(parent)
            raise ValueError(
                f"<{where}>: two children have the key {key!r}; keys must be unique among siblings"
            )
        seen.add(key)


def diff_children(c: Any, parent: Any, new: Any, ns: str, old_nodes: Any = None) -> list[int] | None:
    """Make ``parent.children`` match ``new`` (flat nodes). Returns a list with 1 for every child to
    (re)insert, or None when no child needs placing.

    ``old_nodes``: the nodes ``parent.children`` were rendered from (an element's previous children),
    when known. Then, in a commit that renders one component only (``c.lone``: so no other fiber has
    an update), the run of the very same nodes at either end is found by C loops (``map(is_, ...)``)
    instead of one Python iteration per child: what a select in a long list costs."""
    old = parent.children
    n_new = len(new)
    n_old = len(old)
    if not n_old:
        if not n_new:
            return None
        check_keys(parent, new)
        fibers = parent.children = []
        for i, node in enumerate(new):
            fibers.append(mount(c, node, parent, ns, i))
        return [1] * n_new
    if not n_new:
        parent.children = []
        if n_old > 1 and type(parent) is ElementFiber:  # one op instead of one per child
            _clear(c, parent, old)
            return None
        for fiber in old:
            if fiber is not None:
                remove(c, fiber)
        return None

    # 1. common prefix, patched in place
    start = 0
    limit = min(n_new, n_old)
    # same[i]: new[i] is the very node old[i] was rendered from; then nothing is to be done for it,
    # and the loop jumps over the run of them with list.index, a C loop (see old_nodes)
    same: list[bool] | None = None
    if (old_nodes is not None and limit > 16 and c.lone and not c.runtime.scheduler.dirty
            and len(old_nodes) == n_old):
        same = list(map(is_, old_nodes, new))
    pending: list[int] = []  # components left with moves of their own (marked 2 in the result)
    while start < limit:
        if same is not None:
            try:
                start = same.index(False, start)
            except ValueError:
                start = limit
                break
        fiber = old[start]
        node = new[start]
        kind = type(node)
        if kind is Element:
            if type(fiber) is not ElementFiber:
                break
            vnode = fiber.vnode
            if vnode is not node:
                if vnode.tag != node.tag or vnode.key != node.key:
                    break
                patch(c, fiber, node, ns)
        elif kind is str:
            if type(fiber) is not TextFiber:
                break
            if fiber.text != node:
                patch(c, fiber, node, ns)
        elif kind is ComponentElement:
            if type(fiber) is not ComponentFiber:
                break
            if fiber.vnode is node and not fiber.dirty:  # the same element, no update: nothing to do
                start += 1
                continue
            if fiber.type is not node.type or fiber.vnode.key != node.key:
                break
            patch(c, fiber, node, ns)
            if fiber.place is not None:
                pending.append(start)
        elif node is not None or fiber is not None:  # two holes match
            break
        start += 1
    if start == n_old == n_new:
        return _marked([0] * n_new, pending) if pending else None

    # 2. common suffix: matched now, patched after the middle so that rendering stays in tree order
    end_old = n_old
    end_new = n_new
    # same_end[t]: new[n_new - 1 - t] is the very node old[n_old - 1 - t] was rendered from
    same_end = None if same is None else list(islice(map(is_, reversed(old_nodes), reversed(new)), limit - start))
    while end_old > start and end_new > start:
        if same_end is not None:
            try:
                t = same_end.index(False, n_new - end_new)
            except ValueError:
                t = len(same_end)
            end_old = n_old - t
            end_new = n_new - t
            if end_old <= start or end_new <= start:
                break
        fiber = old[end_old - 1]
        node = new[end_new - 1]
        # the same component element matches without a look at it
        if (type(fiber) is not ComponentFiber or fiber.vnode is not node) and not _matches(fiber, node):
            break
        end_old -= 1
        end_new -= 1

    # 3. the middle
    moves = [0] * n_new
    middle: list[Any] = []
    if start == end_new:
        for j in range(start, end_old):
            if old[j] is not None:
                remove(c, old[j])
    elif start == end_old:
        check_keys(parent, new)  # before anything changes: a duplicate leaves the old children intact
        for i in range(start, end_new):
            middle.append(mount(c, new[i], parent, ns, i))
            moves[i] = 1 if new[i] is not None else 0
    else:
        spare: list[Any] = old[start:end_old]
        # 3a. the ends of the middle first: a keyed child rendered from the very same node, with no
        # update of its own, that stayed at an end or went from one end to the other (a swap, a
        # rotation) needs no key map, no patch and no longest-run search
        lo = 0
        hi = len(spare) - 1
        first = start
        last = end_new - 1
        head: list[tuple[int, int, int]] = []  # (index in spare, moved, count) of new[start:first]
        tail: list[tuple[int, int]] = []  # (index in spare, moved) of new[last + 1:end_new], backwards
        while first <= last and lo <= hi:
            if same is not None and start + lo == first:  # in line again (after a swap): a run at once
                stop = min(last, first + hi - lo) + 1
                try:
                    run_end = same.index(False, first, stop)
                except ValueError:
                    run_end = stop
                if run_end > first:
                    head.append((lo, 0, run_end - first))
                    lo += run_end - first
                    first = run_end
                    continue
            fiber = spare[lo]
            node = new[first]
            kind = type(fiber)
            if ((kind is ComponentFiber and fiber.vnode is node and not fiber.dirty)  # _unchanged, inlined
                    or (kind is ElementFiber and fiber.vnode is node)) and node.key is not None:
                head.append((lo, 0, 1))
                lo += 1
                first += 1
            elif _unchanged(spare[hi], new[last]):
                tail.append((hi, 0))
                hi -= 1
                last -= 1
            elif _unchanged(spare[lo], new[last]):
                tail.append((lo, 1))
                lo += 1
                last -= 1
            elif _unchanged(spare[hi], new[first]):
                head.append((hi, 1, 1))
                hi -= 1
                first += 1
            else:
                break
        reused = bool(head or tail)
        for j, _, count in head:
            if count == 1:
                middle.append(spare[j])
                spare[j] = None
            else:
                middle += spare[j:j + count]
                spare[j:j + count] = [None] * count
        for j, _ in tail:
            spare[j] = None
        # 3b. the rest, by key (by position without one). Every child matched so far took a
        # different old child's key, so only a child from here on can repeat a key.
        if first <= last:
            check_keys(parent, new)  # before anything changes: a duplicate leaves the old children intact
        by_key: dict[Any, int] = {}
        for j in range(lo, hi + 1):
            fiber = spare[j]
            if fiber is not None and type(fiber) is not TextFiber and fiber.vnode.key is not None:
                by_key[fiber.vnode.key] = j
        n_spare = len(spare)
        sources: list[int] = []
        holes: list[int] = []
        for i in range(first, last + 1):
            node = new[i]
            if node is None:
                holes.append(i)
                sources.append(-1)
                middle.append(None)
                continue
            kind = type(node)
            key = node.key if kind is Element or kind is ComponentElement else None
            j = by_key.get(key, -1) if key is not None else i - start  # no key: the same position
            fiber = spare[j] if 0 <= j < n_spare else None
            if fiber is not None and type(fiber) is ComponentFiber and fiber.vnode is node and not fiber.dirty:
                spare[j] = None  # the same element, no update: only its position may change
                sources.append(j)
                reused = True
            elif fiber is not None and _matches(fiber, node):
                spare[j] = None
                patch(c, fiber, node, ns)
                if type(fiber) is ComponentFiber and fiber.place is not None:
                    pending.append(i)
                sources.append(j)
                reused = True
            else:
                fiber = mount(c, node, parent, ns, i)
                sources.append(-1)
            middle.append(fiber)
        for j, _ in reversed(tail):
            middle.append(old[start + j])
        if not reused and start == 0 and end_old == n_old > 1 and type(parent) is ElementFiber:
            _clear(c, parent, spare)  # all replaced: the new children are not inserted yet
        else:
            for fiber in spare:
                if fiber is not None:
                    remove(c, fiber)
        m = start
        for _, moved, count in head:
            if moved:
                moves[m] = 1
            m += count
        stay = longest_increasing(sources)
        for m, source in enumerate(sources):
            if source < 0 or m not in stay:
                moves[first + m] = 1
        for m, (_, moved) in enumerate(tail):
            moves[end_new - 1 - m] = moved
        for i in holes:
            moves[i] = 0

    # 4. the suffix, in order
    fibers = old[:start]
    fibers += middle
    shift = end_old - end_new
    if same_end is not None:  # patch the suffix's other children, in order; the rest stays as it is
        fibers += old[end_old:]
        changed: list[int] = []
        t = -1
        while True:
            try:
                t = same_end.index(False, t + 1, n_new - end_new)
            except ValueError:
                break
            changed.append(n_new - 1 - t)
        suffix: Any = reversed(changed)
    else:
        suffix = range(end_new, n_new)
    for i in suffix:
        fiber = old[i + shift]
        if fiber is not None:
            if type(fiber) is ComponentFiber:
                if fiber.vnode is not new[i] or fiber.dirty:  # else the same element, no update
                    patch(c, fiber, new[i], ns)
                    if fiber.place is not None:
                        pending.append(i)
            else:
                patch(c, fiber, new[i], ns)
        if same_end is None:
            fibers.append(fiber)
    parent.children = fibers
    if pending:
        return _marked(moves, pending)
    if 1 in moves:
        return moves
    return None


def _marked(moves: list[int], pending: list[int]) -> list[int]:
    """``moves`` with 2 for each component that stays but has moves of its own to place."""
    for i in pending:
        if not moves[i]:
            moves[i] = 2
    return moves


def longest_increasing(sources: list[int]) -> set[int]:
    """Indices (into ``sources``) of a longest strictly increasing run of non-negative values: the
    children that keep their relative order and need not move."""
    last = -1
    for value in sources:  # the common case: nothing was reordered
        if value < 0:
            continue
        if value < last:
            break
        last = value
    else:
        return {m for m, value in enumerate(sources) if value >= 0}
    tails: list[int] = []  # tails[k]: smallest tail value of an increasing run of length k+1
    tail_index: list[int] = []
    previous = [-1] * len(sources)
    for m, value in enumerate(sources):
        if value < 0:
            continue
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(m)
        else:
            tails[k] = value
            tail_index[k] = m
        previous[m] = tail_index[k - 1] if k else -1
    stay: set[int] = set()
    m = tail_index[-1] if tail_index else -1
    while m >= 0:
        stay.add(m)
        m = previous[m]
    return stay


def place(c: Any, fibers: list[Any], moves: list[int], parent_id: int, after: int) -> None:
    """Insert the children marked 1 in ``moves`` before their next sibling, and place the moves of
    the components marked 2; ``after`` is the DOM node that follows the whole list (0: the end of the
    parent). A long list with few marks (a swap, a move) visits the marked children only."""
    n = len(fibers)
    if n > 32:
        marked = list(compress(range(n), moves))
        if len(marked) * 8 < n:
            for i in reversed(marked):
                _place_one(c, fibers[i], moves[i], parent_id, _following(fibers, i + 1, after))
            return
    ops = c.ops
    following = after
    for i in range(n - 1, -1, -1):
        fiber = fibers[i]
        if type(fiber) is ComponentFiber:
            kids = fiber.children
            head = kids[0] if kids else None
            if moves[i] == 1:
                if type(head) is BlockFiber and len(kids) == 1:  # insert_all's commonest case, inlined
                    fiber.place = None
                    ops += (INSERT, parent_id, head.id, following)
                else:
                    insert_all(c, fiber, parent_id, following)
            elif fiber.place is not None:
                inner = fiber.place
                fiber.place = None
                place(c, kids, inner, parent_id, following)
            # first_dom's common case, inlined
            if type(head) is BlockFiber or type(head) is ElementFiber or type(head) is TextFiber:
                following = head.id
            else:
                first = first_dom(fiber)
                if first:
                    following = first
        elif fiber is not None and type(fiber) is not PortalFiber:  # a portal's DOM is in its target
            if moves[i]:
                ops += (INSERT, parent_id, fiber.id, following)
            following = fiber.id


def _place_one(c: Any, fiber: Any, mark: int, parent_id: int, following: int) -> None:
    if type(fiber) is ComponentFiber:
        if mark == 1:
            insert_all(c, fiber, parent_id, following)
        elif fiber.place is not None:
            inner = fiber.place
            fiber.place = None
            place(c, fiber.children, inner, parent_id, following)
    elif fiber is not None and type(fiber) is not PortalFiber:
        c.ops += (INSERT, parent_id, fiber.id, following)


def _following(fibers: list[Any], i: int, after: int) -> int:
    """The first DOM node of ``fibers[i:]`` (already in place), else ``after``."""
    for fiber in islice(fibers, i, None):
        if type(fiber) is ElementFiber or type(fiber) is TextFiber:
            return fiber.id  # type: ignore[no-any-return]
        if type(fiber) is ComponentFiber:
            first = first_dom(fiber)
            if first:
                return first
    return after

"""The durable_rules backend: a policy's ordered rules run on a Rete engine.

``evaluate(..., backend="durable")`` scores consultants as usual, then lets
`durable_rules <https://github.com/jruizgit/rules>`_ (package ``durable``, a
Rete engine with a C core) choose each consultant's deciding rule.  Placement,
explanations and output stay the built-in engine's.

How a policy becomes a durable ruleset (its JSON form, never its DSL):

* Every rule ``j`` becomes a durable rule named ``NNNN-<rule id>`` with
  salience ``pri = 2 * j + 2`` (lower fires first), whose condition is the
  rule's scope (``field``/``unit``) and its ``when``.  A lowest-priority
  catch-all named ``undecided`` makes every message fire exactly one action,
  so "no rule holds" is an answer and not a silence.
* ``and``/``or`` become ``$and``/``$or``; ``not`` is pushed down to the
  leaves (De Morgan; a negated comparison flips its operator, exact for
  totally ordered values); ``true``/``false`` test a constant property.
* A string variable compared with a string literal (``field == 'sdm'``,
  ``unit in ['a', 'b']``) is compared by durable directly.
* A numeric comparison ``L op R`` is leaf ``k``: both sides are computed with
  the library's exact arithmetic, and posted as the integers ``lk = L * s`` and
  ``rk = R * s`` with ``s`` the least common denominator of ``L`` and ``R``
  (scaling by ``s > 0`` keeps every comparison); durable then tests
  ``lk op rk`` (``{"$gte": {"lk": {"$m": "rk"}}}``).  Durable numbers are
  64-bit, so when ``|lk|`` or ``|rk|`` reaches 2**53 the pair is replaced by
  (the sign of ``L - R``, 0), which compares the same.  Binary floating point
  is never used, so decisions are identical to the built-in evaluator's.
* Any other condition part (``x in [1, 2]`` over numbers, ``a == b`` over
  booleans, string variable against string variable) is an opaque boolean
  leaf ``bk`` (0 or 1) computed exactly by the library.
* A leaf that divides by zero is posted as ``ek = 1`` instead.  For each rule
  with such a leaf, an error rule with salience ``2 * j + 1`` holds when the
  leaf is *reached* (the ``and``/``or`` before it let evaluation get there),
  which is exactly when the built-in evaluator would raise; the engine then
  reports the same ``division-by-zero`` problem.

durable_rules 2.0.28 quirks and how they are met (each has a test):

* Rulesets live in a process-wide registry and cannot be replaced: every
  compiled policy gets its own :class:`durable.engine.Host` and a ruleset
  name made of the policy hash and a process-wide sequence number.  Nothing
  is defined at import time.
* Messages without ``id`` get one from their content: every message carries
  an explicit ``id`` (its position in the chunk) and ``sid`` (a fresh
  session per chunk).
* About 1,024 live sessions exhaust memory: each chunk's session state is
  deleted as soon as its decisions are read.
* Exceptions inside actions are swallowed into the session state: the
  action records its own failure, and the state's ``exception`` is checked
  after every chunk; either raises :class:`DurableBackendError`.
* ``register_rulesets`` mutates its argument: a fresh definition is built
  for each Host.  Rule names are explicit (the DSL's ``r_0`` cannot tell
  which rule fired), and ``durable.lang`` is not imported at all.
* Calls are not thread-safe, and each Host starts timer threads that may run
  actions on their own: this module's Hosts start no timer threads, every
  call into durable holds one process-wide lock, and a decision is read only
  after its action is known to have run (pending actions are dispatched
  until every message of the chunk has fired).
* Large batches use a lot of memory: messages are posted in chunks of
  :data:`CHUNK` consultants.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from math import lcm
from typing import Any, TypeAlias

import attrs

from plut_rules.errors import PlutRulesError, PolicyError, Problem
from plut_rules.lang import (
    And,
    Arith,
    BoolLit,
    Compare,
    Expression,
    In,
    Node,
    Not,
    Or,
    StringLit,
    Var,
    bool_chain,
    unparse,
    walk,
)
from plut_rules.lang import Value as ExprValue
from plut_rules.policy import CompiledRule, Runtime
from plut_rules.wording import Words, say

__all__ = [
    "ALWAYS",
    "CHUNK",
    "LOCK",
    "MAX_PROPERTIES",
    "NEVER",
    "ConditionCompiler",
    "DurableBackendError",
    "DurableRules",
    "HostedRuleset",
    "Leaf",
    "Verdict",
    "all_of",
    "any_of",
    "post_leaves",
    "rules_backend",
    "ruleset_name",
]

#: Consultants posted to durable in one batch (one session per batch).
CHUNK = 500
#: Properties durable accepts in one message (MAX_OBJECT_PROPERTIES in its C core).
MAX_PROPERTIES = 255
#: Integers posted as they are only below this magnitude.
_EXACT_LIMIT = 2**53
#: Dispatches tried after a post before an action that never ran is an error.
_MAX_DISPATCH = 10_000

_JSON: TypeAlias = dict[str, Any]
#: The durable condition that always holds (every message carries ``t: 1``).
ALWAYS: _JSON = {"t": 1}
#: The durable condition that never holds.
NEVER: _JSON = {"t": 0}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_DURABLE_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}

#: One lock for every call into durable_rules, whatever the Host: its C core
#: keeps process-wide state.
LOCK = threading.RLock()
_SEQUENCE = itertools.count(1)


def ruleset_name(prefix: str, policy_sha256: str) -> str:
    """A ruleset name never used before in this process: durable_rules cannot replace a
    ruleset, so each Host's is made of ``prefix``, the policy hash and a sequence number."""
    return f"{prefix}_{policy_sha256[:16]}_{next(_SEQUENCE)}"


class DurableBackendError(PlutRulesError):
    """durable_rules failed, or could not run a policy (never a different answer)."""


@attrs.frozen
class Verdict:
    """What durable decided for one consultant.

    ``rule`` is the deciding rule (None: no rule holds); with ``division_by_zero``
    the evaluation of ``rule``'s condition divides by zero before deciding.
    """

    rule: CompiledRule | None
    division_by_zero: bool = False


# --------------------------------------------------------------------------- compiling


@attrs.frozen
class Leaf:
    """A condition part evaluated exactly by the library and posted as numbers."""

    key: int
    node: Node
    numeric: bool  # a numeric comparison posted as (lk, rk); else a boolean bk
    left: Expression | None
    right: Expression | None
    whole: Expression | None
    may_fail: bool  # contains a division


def _sub_expression(node: Node) -> Expression:
    return Expression(unparse(node), node)


def _may_fail(node: Node) -> bool:
    """Whether evaluating ``node`` may fail: any arithmetic may divide by zero or exceed
    the bound on computed values (lang.ComputedOutOfRange)."""
    return any(isinstance(n, Arith) for n in walk(node))


def all_of(parts: list[_JSON]) -> _JSON:
    """The durable condition that holds when every one of ``parts`` does (``$and``)."""
    parts = [p for p in parts if p != ALWAYS]
    if any(p == NEVER for p in parts):
        return NEVER
    if not parts:
        return ALWAYS
    return parts[0] if len(parts) == 1 else {"$and": parts}


def any_of(parts: list[_JSON]) -> _JSON:
    """The durable condition that holds when one of ``parts`` does (``$or``)."""
    parts = [p for p in parts if p != NEVER]
    if any(p == ALWAYS for p in parts):
        return ALWAYS
    if not parts:
        return NEVER
    return parts[0] if len(parts) == 1 else {"$or": parts}


def _string_test(name: str, op: str, value: str) -> _JSON:
    return {name: value} if op == "==" else {"$neq": {name: value}}


class ConditionCompiler:
    """Turns rule conditions into durable JSON conditions over posted leaves."""

    def __init__(self, string_vars: frozenset[str]) -> None:
        self.string_vars = string_vars
        self.leaves: list[Leaf] = []
        self._by_node: dict[int, Leaf] = {}

    def leaf(self, node: Node) -> Leaf:
        """The leaf of ``node``, made on first use (reading order gives the keys)."""
        found = self._by_node.get(id(node))
        if found is not None:
            return found
        key = len(self.leaves)
        if (isinstance(node, Compare) and not self.is_string(node.left)
                and not isinstance(node.left, And | Or | Not | Compare | In | BoolLit)):
            made = Leaf(key, node, True, _sub_expression(node.left),
                         _sub_expression(node.right), None, _may_fail(node))
        else:
            made = Leaf(key, node, False, None, None, _sub_expression(node),
                         _may_fail(node))
        self.leaves.append(made)
        self._by_node[id(node)] = made
        return made

    def is_string(self, node: Node) -> bool:
        """Whether ``node`` is a string literal or one of the string variables."""
        return isinstance(node, StringLit) or (
            isinstance(node, Var) and node.name in self.string_vars)

    def build(self, node: Node, negate: bool) -> _JSON:
        """The durable condition that holds exactly when ``node`` does (or does not)."""
        if isinstance(node, BoolLit):
            return ALWAYS if node.value is not negate else NEVER
        if isinstance(node, Not):
            return self.build(node.operand, not negate)
        if isinstance(node, And | Or):
            parts = [self.build(o, negate) for o in bool_chain(node)]
            return all_of(parts) if isinstance(node, And) is not negate else any_of(parts)
        native = self.native(node, negate)
        if native is not None:
            return native
        return self.leaf_test(self.leaf(node), negate)

    def reached(self, node: Node, reach: _JSON, out: list[tuple[Leaf, _JSON]]) -> None:
        """Each leaf under ``node`` with the condition under which evaluation gets to it.

        ``and`` goes on to its next operand only when the previous ones hold,
        ``or`` only when they do not: the built-in evaluator's short-circuit.
        """
        if isinstance(node, BoolLit):
            return
        if isinstance(node, Not):
            self.reached(node.operand, reach, out)
            return
        if isinstance(node, And | Or):
            before: list[_JSON] = []
            for operand in bool_chain(node):
                self.reached(operand, all_of([reach, *before]), out)
                before.append(self.build(operand, negate=isinstance(node, Or)))
            return
        if self.native(node, False) is None:
            out.append((self.leaf(node), reach))

    def native(self, node: Node, negate: bool) -> _JSON | None:
        """A string comparison durable can do itself, or None."""
        if isinstance(node, Compare) and node.op in ("==", "!="):
            op = _NEGATED[node.op] if negate else node.op
            left, right = node.left, node.right
            if isinstance(right, Var) and isinstance(left, StringLit):
                left, right = right, left
            if (isinstance(left, Var) and left.name in self.string_vars
                    and isinstance(right, StringLit)):
                return _string_test(left.name, op, right.value)
        if (isinstance(node, In) and isinstance(node.item, Var)
                and node.item.name in self.string_vars
                and all(isinstance(o, StringLit) for o in node.options)):
            name = node.item.name
            values = [o.value for o in node.options if isinstance(o, StringLit)]
            if negate:
                return all_of([_string_test(name, "!=", v) for v in values])
            return any_of([_string_test(name, "==", v) for v in values])
        return None

    @staticmethod
    def leaf_test(leaf: Leaf, negate: bool) -> _JSON:
        """The durable test of a posted leaf (or of its negation)."""
        if not leaf.numeric:
            return {f"b{leaf.key}": 0 if negate else 1}
        assert isinstance(leaf.node, Compare)
        op = _NEGATED[leaf.node.op] if negate else leaf.node.op
        other = {"$m": f"r{leaf.key}"}
        if op == "==":
            return {f"l{leaf.key}": other}
        return {_DURABLE_OPS[op]: {f"l{leaf.key}": other}}


def _scope(compiled: CompiledRule) -> _JSON:
    rule = compiled.rule
    parts: list[_JSON] = []
    if rule.fields is not None:
        parts.append(any_of([{"field": f} for f in rule.fields]))
    if rule.units is not None:
        parts.append(any_of([{"unit": u} for u in rule.units]))
    return all_of(parts)


# --------------------------------------------------------------------------- running


def _exact_pair(left: Fraction, right: Fraction) -> tuple[int, int]:
    scale = lcm(left.denominator, right.denominator)
    a = int(left * scale)
    b = int(right * scale)
    if abs(a) < _EXACT_LIMIT and abs(b) < _EXACT_LIMIT:
        return a, b
    return (left > right) - (left < right), 0


def _quiet_host(definitions: _JSON) -> Any:
    """A durable Host that starts no timer threads (actions run only inside our calls)."""
    from durable import engine

    class QuietHost(engine.Host):  # type: ignore[misc]
        def _run(self) -> None:  # the timer threads would run actions behind our back
            return

    return QuietHost(definitions)


def post_leaves(leaves: Sequence[Leaf], values: Mapping[str, ExprValue], out: _JSON) -> None:
    """Put each leaf's posted values into ``out``: an exact pair of scaled integers for a
    numeric comparison, 0/1 for a condition we evaluate, or the division-by-zero flag."""
    for leaf in leaves:
        k = leaf.key
        try:
            if leaf.numeric:
                assert leaf.left is not None and leaf.right is not None
                left = leaf.left.evaluate(values)
                right = leaf.right.evaluate(values)
                assert isinstance(left, Fraction) and isinstance(right, Fraction)
                out[f"l{k}"], out[f"r{k}"] = _exact_pair(left, right)
            else:
                assert leaf.whole is not None
                out[f"b{k}"] = 1 if leaf.whole.evaluate(values) is True else 0
        except ArithmeticError:  # division by zero, or a value beyond the bound
            out[f"e{k}"] = 1


class HostedRuleset:
    """A ruleset on a durable_rules Host of its own, and one session per batch of messages.

    Subclasses build the ruleset definition, with :meth:`action` as every rule's
    action, then call :meth:`start`; :meth:`post` runs one batch and returns, per
    message id, the outcome of the action that fired for it.
    """

    name: str

    def start(self, definition: _JSON) -> None:
        """Register ``definition`` as ruleset :attr:`name` on a Host of this object's own."""
        self._fired: dict[int, Any] = {}
        self._failure: BaseException | None = None
        self._sessions = itertools.count(1)
        with LOCK:
            # register_rulesets mutates the definition: it is built afresh for this Host only.
            self.host = _quiet_host({self.name: definition})
            self._ruleset = self.host.get_ruleset(self.name)

    def action(self, outcome: Any) -> Any:
        """A rule action recording ``outcome`` for the message that fired it (a message
        firing twice, or any failure inside, is reported by :meth:`post`)."""
        owner_ref = weakref.ref(self)

        def action(c: Any) -> None:
            owner = owner_ref()
            if owner is None:  # pragma: no cover - the owner is gone
                return
            try:
                message_id = int(c.m["id"])
                if message_id in owner._fired:
                    raise DurableBackendError([Problem.worded(
                        "durable-failure",
                        say("engine.durable_fired_twice", message=message_id))])
                owner._fired[message_id] = outcome
            except BaseException as exc:  # durable would swallow it into the state
                owner._failure = exc
                raise

        return action

    def _fail(self, message: Words) -> DurableBackendError:
        return DurableBackendError([Problem.worded("durable-failure", message)])

    def post(self, build: Callable[[str], list[_JSON]]) -> dict[int, Any]:
        """Post the messages ``build(sid)`` makes in a fresh session; every action's outcome."""
        with LOCK:
            sid = f"s{next(self._sessions)}"
            messages = build(sid)
            self._fired = {}
            self._failure = None
            try:
                self.host.post_batch(self.name, messages)
                dispatched = 0
                # post_batch may return before every action ran: run the pending ones
                while len(self._fired) < len(messages) and self._failure is None:
                    if dispatched >= _MAX_DISPATCH:
                        raise self._fail(say("engine.durable_ran", ran=len(self._fired),
                                             total=len(messages)))
                    self._ruleset.dispatch()
                    dispatched += 1
                state = self.host.get_state(self.name, sid)
            except DurableBackendError:
                raise
            except Exception as exc:
                raise self._fail(say("engine.durable_failed", error=str(exc))) from exc
            finally:
                with contextlib.suppress(Exception):  # the session may already be gone
                    self.host.delete_state(self.name, sid)
            if self._failure is not None:
                failure = self._failure
                if isinstance(failure, DurableBackendError):
                    raise failure
                raise self._fail(say("engine.durable_action_failed",
                                     error=repr(failure))) from failure
            if isinstance(state, Mapping) and state.get("exception"):
                raise self._fail(say("engine.durable_action_failed",
                                     error=str(state["exception"])))
            fired = self._fired
            self._fired = {}
        return fired


class DurableRules(HostedRuleset):
    """One policy's rules compiled into a durable_rules ruleset on its own Host.

    Raises :class:`~plut_rules.errors.PolicyError` when the policy cannot be
    run on durable exactly (too many condition parts for one message).
    """

    def __init__(self, runtime: Runtime, policy_sha256: str,
                 string_vars: frozenset[str] = frozenset({"field", "unit"})) -> None:
        self.rules = runtime.rules
        self.name = ruleset_name("plut", policy_sha256)
        compiler = ConditionCompiler(string_vars)
        definition: _JSON = {}
        self.rule_names: list[str] = []
        for j, compiled in enumerate(self.rules):
            scope = _scope(compiled)
            reached: list[tuple[Leaf, _JSON]] = []
            if compiled.condition is None:
                when = ALWAYS if compiled.constant else NEVER
            else:
                when = compiler.build(compiled.condition.root, False)
                compiler.reached(compiled.condition.root, ALWAYS, reached)
            name = f"{j:04d}-{compiled.rule.id}"
            self.rule_names.append(name)
            definition[name] = {"all": [{"m": all_of([scope, when])}], "pri": 2 * j + 2,
                                "run": self.action(("rule", j))}
            failing = [all_of([reach, {f"e{leaf.key}": 1}])
                       for leaf, reach in reached if leaf.may_fail]
            if failing:
                definition[f"{j:04d}-{compiled.rule.id}.division-by-zero"] = {
                    "all": [{"m": all_of([scope, any_of(failing)])}], "pri": 2 * j + 1,
                    "run": self.action(("error", j))}
        definition["undecided"] = {"all": [{"m": ALWAYS}], "pri": 2 * len(self.rules) + 2,
                                   "run": self.action(("none", -1))}
        self.leaves = tuple(compiler.leaves)
        properties = 5 + sum(2 if leaf.numeric else 1 for leaf in self.leaves)
        if properties > MAX_PROPERTIES:
            raise PolicyError([Problem.worded(
                "durable-too-large",
                say("engine.durable_too_large", leaves=len(self.leaves), properties=properties,
                    most=MAX_PROPERTIES), None, "rules")])
        self.start(definition)

    def message(self, message_id: int, sid: str, field: str, unit: str,
                values: Mapping[str, ExprValue]) -> _JSON:
        """The message posted for one consultant's variables."""
        out: _JSON = {"id": message_id, "sid": sid, "t": 1, "field": field, "unit": unit}
        post_leaves(self.leaves, values, out)
        return out

    def decide(self, items: Sequence[tuple[str, str, Mapping[str, ExprValue]]]) -> list[Verdict]:
        """The verdict for each ``(field, unit, values)``, in order."""
        verdicts: list[Verdict] = []
        for start in range(0, len(items), CHUNK):
            verdicts.extend(self._decide_chunk(items[start:start + CHUNK]))
        return verdicts

    def _decide_chunk(
        self, chunk: Sequence[tuple[str, str, Mapping[str, ExprValue]]]
    ) -> list[Verdict]:
        fired = self.post(lambda sid: [self.message(i, sid, field, unit, values)
                                        for i, (field, unit, values) in enumerate(chunk)])
        verdicts = []
        for i in range(len(chunk)):
            kind, j = fired[i]
            if kind == "rule":
                verdicts.append(Verdict(self.rules[j]))
            elif kind == "error":
                verdicts.append(Verdict(self.rules[j], division_by_zero=True))
            else:
                verdicts.append(Verdict(None))
        return verdicts


_BACKENDS: weakref.WeakKeyDictionary[Runtime, DurableRules] = weakref.WeakKeyDictionary()


def rules_backend(runtime: Runtime, policy_sha256: str) -> DurableRules:
    """The durable ruleset of a compiled policy, built on first use (one Host per policy)."""
    with LOCK:
        found = _BACKENDS.get(runtime)
        if found is None:
            found = DurableRules(runtime, policy_sha256)
            _BACKENDS[runtime] = found
        return found

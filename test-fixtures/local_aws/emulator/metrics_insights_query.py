"""Parsing a CloudWatch Metrics Insights query into the parts the evaluator (metrics_insights_eval.py) needs.

Emulates the query language as the CloudWatch User Guide documents it ("Metrics Insights query components and
syntax"):

    SELECT FUNCTION(metricName) FROM namespace | SCHEMA(namespace [, labelKey ...])
    [ WHERE labelKey = | != 'value' [ AND ... ] ] [ GROUP BY labelKey [ , ... ] ]
    [ ORDER BY FUNCTION() [ ASC | DESC ] ] [ LIMIT number ]

* FUNCTION is AVG, COUNT, MAX, MIN or SUM, in SELECT and in ORDER BY (where it takes no argument). Keywords are
  case-insensitive, identifiers (namespace, metric, label keys) case-sensitive. Identifiers may be bare
  (letters, digits, `_`) or in double quotes (with `\\"` escapes); label values are in single quotes.
* ORDER BY without ASC/DESC is ascending. LIMIT is at most 500 ("The maximum value that you can specify is 500").
* WHERE: the documented operators are `=`, `!=` and `AND`. `OR`, `IN`, `NOT IN`, `LIKE`, parentheses, tag keys
  (`tag.…`), `AWS.AccountId` and functions in WHERE are not in that list: they answer 400 "local AWS: … not
  emulated" (conservative: if AWS accepts some of them, code written against this emulator still works there).
* Leniencies kept from the first version of this module (do not rely on them; AWS documents otherwise): a WHERE
  value may also be in double quotes, a namespace in single quotes, and a namespace with `/` without quotes.

An invalid or unsupported query raises AwsError(400, "ValidationError", ...); AWS's exact wording for invalid
queries is not documented, so only the status and code are meant to be relied on.
"""

import re
from collections import namedtuple

from .protocol import AwsError

FUNCTIONS = ("AVG", "COUNT", "MAX", "MIN", "SUM")
MAX_LIMIT = 500
KEYWORDS = {"SELECT", "FROM", "SCHEMA", "WHERE", "AND", "GROUP", "BY", "ORDER", "ASC", "DESC", "LIMIT"}
NOT_EMULATED_WORDS = {"OR", "IN", "NOT", "LIKE", "BETWEEN", "IS", "NULL"}

# func: SELECT function; metric; namespace; schema: frozenset of SCHEMA label keys, or None for a plain namespace;
# conditions: [(key, "=" | "!=", value)]; group_by: [key]; order: (function, descending) or None; limit: int or None.
Query = namedtuple("Query", "func metric namespace schema conditions group_by order limit")

TOKEN = re.compile(r"""\s*(?:
    (?P<dq>"(?:[^"\\]|\\.)*")
  | (?P<sq>'(?:[^'\\]|\\.)*')
  | (?P<op>!=|<>|<=|>=|[(),=<>*])
  | (?P<word>[A-Za-z0-9_.:/\-]+)
)""", re.VERBOSE | re.DOTALL)


def invalid(message, expr):
    return AwsError(400, "ValidationError", "%s: %s" % (message, expr))


def not_emulated(what, expr):
    return AwsError(400, "ValidationError", "local AWS: %s is not emulated (Metrics Insights as documented: "
                                            "=, != and AND in WHERE): %s" % (what, expr))


def tokens(expr):
    """[(kind, text)]: kind "dq" (identifier in double quotes, unescaped), "sq" (value), "op", "word"."""
    out, pos, text = [], 0, expr.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise invalid("Unexpected character in Metrics Insights query at %d" % pos, expr)
        kind = m.lastgroup
        value = m.group(kind)
        if kind in ("dq", "sq"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out.append((kind, value))
        pos = m.end()
    return out


class Parser:
    def __init__(self, expr):
        self.expr = expr
        self.toks = tokens(expr)
        self.i = 0

    def peek(self, offset=0):
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else (None, None)

    def is_keyword(self, word, offset=0):
        kind, text = self.peek(offset)
        return kind == "word" and text.upper() == word

    def take(self):
        tok = self.peek()
        if tok[0] is None:
            raise invalid("Unexpected end of Metrics Insights query", self.expr)
        self.i += 1
        return tok

    def expect_keyword(self, word):
        if not self.is_keyword(word):
            raise invalid("Expected %s" % word, self.expr)
        self.i += 1

    def expect_op(self, op):
        kind, text = self.take()
        if kind != "op" or text != op:
            raise invalid("Expected '%s'" % op, self.expr)

    def identifier(self, what):
        kind, text = self.take()
        if kind == "dq" or (kind == "sq" and what == "a namespace"):
            return text
        bare = r"[A-Za-z0-9_./\-]+" if what == "a namespace" else r"[A-Za-z0-9_]+"
        if kind == "word" and text.upper() not in KEYWORDS and re.fullmatch(bare, text):
            return text
        if kind == "word" and (text.lower().startswith("tag.") or text.upper().startswith("AWS.")):
            raise not_emulated("label key %s" % text, self.expr)
        raise invalid("Expected %s, found %r" % (what, text), self.expr)

    def function(self):
        kind, text = self.take()
        if kind != "word" or text.upper() not in FUNCTIONS:
            raise invalid("Unknown function %r (AVG, COUNT, MAX, MIN, SUM)" % text, self.expr)
        return text.upper()

    def parse(self):
        self.expect_keyword("SELECT")
        func = self.function()
        self.expect_op("(")
        metric = self.identifier("a metric name")
        self.expect_op(")")
        self.expect_keyword("FROM")
        schema = None
        if self.is_keyword("SCHEMA") and self.peek(1) == ("op", "("):
            self.i += 2
            namespace = self.identifier("a namespace")
            keys = []
            while self.peek() == ("op", ","):
                self.i += 1
                keys.append(self.identifier("a label key"))
            self.expect_op(")")
            schema = frozenset(keys)
        else:
            namespace = self.identifier("a namespace")
        conditions = self.where() if self.is_keyword("WHERE") else []
        group_by = []
        if self.is_keyword("GROUP"):
            self.i += 1
            self.expect_keyword("BY")
            group_by.append(self.identifier("a label key"))
            while self.peek() == ("op", ","):
                self.i += 1
                group_by.append(self.identifier("a label key"))
            if len(set(group_by)) != len(group_by):
                raise invalid("A GROUP BY label key is repeated", self.expr)
        order = None
        if self.is_keyword("ORDER"):
            self.i += 1
            self.expect_keyword("BY")
            order_func = self.function()
            self.expect_op("(")
            if self.peek() != ("op", ")"):
                raise invalid("ORDER BY takes a function without argument, e.g. SUM()", self.expr)
            self.expect_op(")")
            descending = False
            if self.is_keyword("DESC") or self.is_keyword("ASC"):
                descending = self.take()[1].upper() == "DESC"
            order = (order_func, descending)
        limit = None
        if self.is_keyword("LIMIT"):
            self.i += 1
            kind, text = self.take()
            if kind != "word" or not text.isdigit():
                raise invalid("LIMIT takes a whole number", self.expr)
            limit = int(text)
            if not 1 <= limit <= MAX_LIMIT:
                raise invalid("LIMIT must be between 1 and %d" % MAX_LIMIT, self.expr)
        if self.peek()[0] is not None:
            word = str(self.peek()[1])
            if word.upper() in NOT_EMULATED_WORDS:
                raise not_emulated(word.upper(), self.expr)
            raise invalid("Unexpected %r" % word, self.expr)
        return Query(func, metric, namespace, schema, conditions, group_by, order, limit)

    def where(self):
        self.i += 1
        conditions = [self.condition()]
        while self.is_keyword("AND"):
            self.i += 1
            conditions.append(self.condition())
        return conditions

    def condition(self):
        if self.peek() == ("op", "("):
            raise not_emulated("a parenthesised WHERE condition", self.expr)
        key = self.identifier("a label key")
        kind, text = self.take()
        if kind == "word" and text.upper() in NOT_EMULATED_WORDS:
            raise not_emulated("WHERE operator %s" % text.upper(), self.expr)
        if kind != "op" or text not in ("=", "!="):
            raise not_emulated("WHERE operator %s" % text, self.expr)
        vkind, value = self.take()
        if vkind not in ("sq", "dq"):
            raise not_emulated("an unquoted WHERE value (%s)" % value, self.expr)
        if self.peek()[0] == "word" and self.peek()[1].upper() in NOT_EMULATED_WORDS:
            raise not_emulated(self.peek()[1].upper(), self.expr)
        return key, text, value


def parse(expr):
    """The Query of a Metrics Insights expression, or AwsError(400, "ValidationError")."""
    return Parser(expr).parse()

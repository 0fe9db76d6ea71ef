"""The package stays as the issue "One action, one place" asks, and README.md keeps describing it."""

import ast
import os
import re
import unittest

from emulator import registry

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.join(HERE, os.pardir, "emulator")
README = os.path.join(HERE, os.pardir, os.pardir, "README.md")


def modules():
    return sorted(f for f in os.listdir(PACKAGE) if f.endswith(".py"))


class LayoutTest(unittest.TestCase):
    def test_every_module_is_small_and_says_what_it_is(self):
        for name in modules():
            with open(os.path.join(PACKAGE, name), encoding="utf-8") as f:
                text = f.read()
            self.assertLess(text.count("\n"), 300, name)
            self.assertTrue(ast.get_docstring(ast.parse(text)), "%s has no module docstring" % name)

    def test_readme_lists_every_module_and_control(self):
        with open(README, encoding="utf-8") as f:
            readme = f.read()
        for name in modules():
            if name != "__init__.py":
                self.assertIn("`emulator/%s`" % name, readme, "README.md's layout table misses " + name)
        documented = set(re.findall(r"^\| `([a-z/-]+)` \|", readme, re.MULTILINE))
        self.assertLessEqual(set(registry.CONTROLS), documented, "README.md's control table")


if __name__ == "__main__":
    unittest.main()

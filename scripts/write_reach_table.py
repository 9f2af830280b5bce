"""Remake graph/checks/rules/reach.json, the date rules' reaches (graph.checks.reach), after a
rule or graph/checks/reach.py changed: .venv/bin/python scripts/write_reach_table.py"""

from graph.checks.focused import rule_queries
from graph.checks.reach import REACH_TABLE, write_reach_table

if __name__ == "__main__":
    write_reach_table(query for _, query in rule_queries())
    print(f"wrote {REACH_TABLE}")

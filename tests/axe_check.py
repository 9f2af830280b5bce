"""axe-core (npm, vendored in tests/vendor/axe-core) run in a page the browser tests opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

SERIOUS = ("serious", "critical")


def serious_violations(page: Any, inline: bool = False) -> list[dict[str, Any]]:
    """What axe-core finds serious or critical in the page: injected as a file: script, which a
    CSP of script-src 'self' allows, or (`inline`) as the page's own inline script, for a page
    whose CSP allows only those (the network page: one file, mailable)."""
    if inline:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    else:
        page.add_script_tag(url=AXE.as_uri())
    # preload: false, or axe fetches the style sheets again, which the CSP (connect-src 'none') refuses
    violations: list[dict[str, Any]] = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations'], preload: false})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            })))"""
    )
    return [v for v in violations if v["impact"] in SERIOUS]

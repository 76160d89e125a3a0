"""Stage 2, analysis: entities, the reader's filters and counting rules, totals and bounds, and the words and
numbers each page states. Pure functions over frames."""

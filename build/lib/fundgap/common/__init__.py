"""Leaves every stage uses: numbers formatted for people, and text made safe for spreadsheets and markdown."""

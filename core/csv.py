"""CSV cells that a spreadsheet cannot mistake for formulas."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Neutralise CSV formula injection: a text cell starting with = + - @ (or a tab or carriage
    return) is prefixed with an apostrophe, so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

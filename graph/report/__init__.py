"""The committee's Sachstand report (HTML, PDF) from the catalogue analyses and the derived relations."""

__all__: list[str] = []

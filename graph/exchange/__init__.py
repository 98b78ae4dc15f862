"""Exchange with the planning cycle: OParl import, partner workbooks and merging them back."""

__all__: list[str] = []

"""Exchange with the planning cycle: importing OParl (council information systems)."""

__all__: list[str] = []

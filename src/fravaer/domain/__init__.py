"""The rules of the trade: pure Python, no I/O beyond reading the shipped data files."""

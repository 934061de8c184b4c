"""The outside world behind small interfaces: the database, master-data files."""

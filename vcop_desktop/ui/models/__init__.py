"""Qt table models over domain and storage values (checked with pytest-qt's qtmodeltester)."""

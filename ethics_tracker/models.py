"""Cross-app records (audit access log, checkpoints) live here as they are added."""

"""Who may do what with codes, versions and provisions (issue B)."""

"""Who may do what with codes, versions, members and acceptances (issues B, C)."""

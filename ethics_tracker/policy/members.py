"""Who may do what with members and acceptances (issue C)."""

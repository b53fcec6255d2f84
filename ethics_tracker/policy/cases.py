"""Who may do what with complaints and cases (issues D, E, F)."""

"""HTML pages of the case workflow (issue E); the complaint pages are in ``cases.views``."""

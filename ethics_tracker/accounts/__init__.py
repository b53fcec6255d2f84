"""Staff login: lockout (django-axes), the second factor (TOTP, backup codes), staff
sessions that expire, and API tokens issued only after the second factor."""

"""Bulgarian date formats as written in Bulgarian documents: 28.11.2026 г., 10:50.

Django's own ``bg`` locale has no DATETIME_FORMAT and capitalises month names
("28 Ноември"), which reads wrongly; numeric dates avoid both.
"""

DATE_FORMAT = "d.m.Y г."
DATETIME_FORMAT = "d.m.Y г., H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "d.m."
YEAR_MONTH_FORMAT = "m.Y"
# ISO first: <input type="date"> needs it when a form is shown again.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
